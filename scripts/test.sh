#!/usr/bin/env bash
# The README's second command and what CI runs: every test, in a release build, then the
# fast tests again under ASan + UBSan (the heavy cluster simulations are skipped there:
# they are the same code, 10x slower), then every libFuzzer target built and run briefly.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
jobs=$(nproc)

# A compiler cache that survives between clean clones on one machine and costs one miss
# per file on a new one. Keyed on paths relative to the clone, so any clone hits it.
launcher=()
cache="${CCACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ccache}"
if command -v ccache >/dev/null && mkdir -p "$cache" 2>/dev/null && [[ -w "$cache" ]]; then
  export CCACHE_DIR="$cache" CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi

# Each step's wall time goes to stderr at its end: where CI's time goes (issue 14).
step() {
  local start=$SECONDS
  "$@"
  echo "test.sh: $* took $((SECONDS - start)) s" >&2
}

step cmake --preset release "${launcher[@]}" >/dev/null
step cmake --build --preset release -j "$jobs"
step ctest --preset release

step cmake --preset asan-ubsan "${launcher[@]}" >/dev/null
step cmake --build --preset asan-ubsan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 step ctest --preset asan-ubsan -LE sim_heavy

# The fuzz targets (clang-14) are built and each run for 2 s from the captured vectors:
# nothing else builds them, and they had rotted unseen (73cd531).
step cmake --preset fuzz "${launcher[@]}" >/dev/null
step scripts/fuzz.sh 2
