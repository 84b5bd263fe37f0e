#!/usr/bin/env bash
# Simulator size and speed cases (issue 11, docs/performance.md): wall time and peak
# memory, under /usr/bin/time -v, of
#   1. rumor sim steady --nodes 1000 --duration 600          (speed)
#   2. rumor sim steady --preconverged --nodes 3000 / 6000   (bytes per node-member pair)
#   3. rumor sim join --nodes 10000 --steady 600             (the join storm, then steady)
#   4. rumor sim failure / broadcast --preconverged --nodes 30000 (about 19 GiB each)
# Figures go to docs/performance.md with this command line. Cases 3 and 4 take an hour
# or more on 2 cores; CASES picks a subset.
#
# Usage: scripts/sim-scale.sh [path/to/rumor]   (default: build/release/src/cli/rumor)
# Env:   CASES (default "1 2 3 4"), JOIN_NODES (10000), BIG_NODES (30000),
#        STEADY_NODES (1000), STEADY_DURATION (600),
#        MEM_LIMIT_KB (default: 7/8 of physical memory; a run over it fails instead of
#        driving the host into swap; rumor sim also refuses at once what its estimate
#        says cannot fit)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rumor="${1:-$here/build/release/src/cli/rumor}"
if [[ ! -x "$rumor" ]]; then
  echo "sim-scale: no rumor binary at $rumor (cmake --preset release && cmake --build --preset release)" >&2
  exit 2
fi
if [[ ! -x /usr/bin/time ]]; then
  echo "sim-scale: /usr/bin/time is required (apt-get install time)" >&2
  exit 2
fi

cases="${CASES:-1 2 3 4}"
join_nodes="${JOIN_NODES:-10000}"
big_nodes="${BIG_NODES:-30000}"
steady_nodes="${STEADY_NODES:-1000}"
steady_duration="${STEADY_DURATION:-600}"
mem_limit_kb="${MEM_LIMIT_KB:-$(awk '/MemTotal/ {print int($2 * 7 / 8)}' /proc/meminfo)}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# run <label> <args...>: runs rumor under time -v, prints its wall time and peak RSS.
run() {
  local label="$1"
  shift
  echo "== $label: rumor $*"
  local status=0
  (ulimit -v "$mem_limit_kb" && exec /usr/bin/time -v "$rumor" "$@") >"$tmp/out" 2>"$tmp/time" ||
    status=$?
  local wall rss
  wall="$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/time")"
  rss="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time")"
  if [[ -n "$rss" ]]; then
    printf '   wall %s   peak RSS %s KiB (%.1f MiB)   exit %d\n' "$wall" "$rss" \
      "$(echo "$rss / 1024" | bc -l)" "$status"
  else
    printf '   wall %s   exit %d\n' "$wall" "$status"
  fi
  # The run's own summary: the trace hash and the headline figures (top level only).
  if command -v jq >/dev/null && jq -e . "$tmp/out" >/dev/null 2>&1; then
    jq -r 'to_entries[] | select(.value | type != "object") | "   \(.key): \(.value)"' "$tmp/out"
  else
    head -c 2000 "$tmp/out" | sed 's/^/   /'
  fi
  if [[ $status -ne 0 ]]; then
    echo "   (failed; last lines of stderr:)"
    tail -n 5 "$tmp/time" | sed 's/^/   /'
  fi
}

has() { [[ " $cases " == *" $1 "* ]]; }
if has 1; then
  run "steady ${steady_nodes} nodes x ${steady_duration} s" \
    sim steady --nodes "$steady_nodes" --duration "$steady_duration" --profile lan --json
fi
if has 2; then
  for n in 3000 6000; do
    run "preconverged steady ${n} nodes (memory per pair)" \
      sim steady --preconverged --nodes "$n" --duration 1 --json
  done
fi
if has 3; then
  run "join ${join_nodes} nodes, then 600 s steady" \
    sim join --nodes "$join_nodes" --steady 600 --duration 1800 --json
fi
if has 4; then
  run "failure, ${big_nodes} nodes preconverged" \
    sim failure --preconverged --nodes "$big_nodes" --duration 120 --json
  run "broadcast, ${big_nodes} nodes preconverged" \
    sim broadcast --preconverged --nodes "$big_nodes" --duration 120 --json
fi
