#!/usr/bin/env bash
# The README's first command: install dependencies, build (release), run the main job.
# Until the agent lands, the main job is a simulated 500-node cluster: join, one broadcast,
# a crash detected.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
rumor=build/release/src/cli/rumor
"$rumor" sim join --nodes 500 --seed 1
"$rumor" sim broadcast --nodes 500 --seed 1
"$rumor" sim failure --nodes 500 --crash 1 --seed 1
