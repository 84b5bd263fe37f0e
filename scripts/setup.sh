#!/usr/bin/env bash
# The README's first command: install dependencies, build (release), run the main job:
# `rumor demo`, a local cluster of real agents and a narration of gossip at work (a
# user event spreading, a node killed and detected, its rejoin, a query). It keeps
# the cluster running until Ctrl-C when run from a terminal, and stops after the
# narration otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
exec build/release/src/cli/rumor demo
