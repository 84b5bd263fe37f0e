#!/usr/bin/env bash
# The README's second command and what CI runs: every test, in a release build, then the
# fast tests again under ASan + UBSan (the heavy cluster simulations are skipped there:
# they are the same code, 10x slower).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
jobs=$(nproc)

cmake --preset release >/dev/null
cmake --build --preset release -j "$jobs"
ctest --preset release

cmake --preset asan-ubsan >/dev/null
cmake --build --preset asan-ubsan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --preset asan-ubsan -LE sim_heavy
