#!/usr/bin/env bash
# memberlist's and Serf's large-cluster failures, rehearsed (docs/scale.md). Each case
# runs twice: with memberlist's own choices (--membership-share 1.0: membership news
# first, user broadcasts only in what is left of a packet; --memberlist-anti-entropy:
# pulled alives gossiped again, push/pull period always stretched) and with rumor's
# defaults.
# Prints one line per run with the figures docs/scale.md quotes; the JSON of every run
# is kept in $OUT (default build/scale) for the charts and the per-node figures.
#
# Usage: scripts/sim-upstream.sh [path/to/rumor] [case...]
#   cases: mass-restart broadcast large-meta leave intent-churn (default: all)
# Env:   RESTART_NODES (4500), BROADCAST_NODES (2000), BROADCAST_CHURN (1000),
#        BROADCAST_PAYLOAD (64: above the bytes a full packet leaves over), META_NODES (2500),
#        LEAVE_NODES (3600), CHURN_NODES (10000), SEED (1)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rumor="${1:-$here/build/release/src/cli/rumor}"
shift || true
cases=("$@")
[[ ${#cases[@]} -gt 0 ]] || cases=(mass-restart broadcast large-meta leave intent-churn)
command -v jq >/dev/null || { echo "sim-upstream: jq is required (apt-get install jq)" >&2; exit 2; }
[[ -x "$rumor" ]] || { echo "sim-upstream: no rumor binary at $rumor" >&2; exit 2; }
out="${OUT:-$here/build/scale}"
mkdir -p "$out"
seed="${SEED:-1}"

# run <case> <mode> <jq summary> <rumor sim args...>
run() {
  local name="$1" mode="$2" summary="$3"
  shift 3
  local extra=()
  [[ "$mode" == memberlist ]] && extra=(--membership-share 1.0 --memberlist-anti-entropy)
  local json="$out/$name-$mode.json"
  echo "== $name ($mode): rumor sim $* ${extra[*]} --seed $seed --json"
  if ! "$rumor" sim "$@" "${extra[@]}" --seed "$seed" --json --plot "$out/$name-$mode.svg" \
    >"$json"; then
    echo "   failed" && return 0
  fi
  jq -r "\"   \" + ($summary) + \"  | cpu \(.per_node.host.cpu_s | floor) s, peak \(.per_node.host.peak_rss_mib | floor) MiB, hash \(.trace_hash)\"" "$json"
}

for c in "${cases[@]}"; do
  for mode in memberlist rumor; do
    case "$c" in
      mass-restart)
        run mass-restart "$mode" \
          '"all alive again \(.all_alive_s) s; stuck pairs \(.stuck_pairs); declared dead \(.death_declarations); refutations \(.refutations)"' \
          mass-restart --nodes "${RESTART_NODES:-4500}" --preconverged --restart-fraction 0.9 \
          --restart-window 10 --down-time 5
        ;;
      broadcast)
        run broadcast "$mode" \
          '"broadcast to all \(.all_s) s (\(.rounds_all) rounds), p99 \(.p99_s) s; reached \(.reached)/\(.live_nodes)"' \
          broadcast --nodes "${BROADCAST_NODES:-2000}" --preconverged \
          --churn "${BROADCAST_CHURN:-1000}" --payload-bytes "${BROADCAST_PAYLOAD:-64}"
        ;;
      large-meta)
        run large-meta "$mode" \
          '"\(.per_node.cpu_us_per_s | floor) us CPU, \(.per_node.bytes_per_s | floor) B, \(.per_node.packets_per_s) packets per node per s"' \
          steady --nodes "${META_NODES:-2500}" --preconverged --profile wan --meta-bytes 300 \
          --duration 120
        ;;
      leave | intent-churn)
        if ! "$rumor" sim --help | grep -q "$c"; then
          echo "== $c: not in this build" && break
        fi
        if [[ "$c" == leave ]]; then
          run leave "$mode" '"\(. | del(.params, .per_node, .traffic, .network) | tostring)"' \
            leave --nodes "${LEAVE_NODES:-3600}" --preconverged
        else
          run intent-churn "$mode" '"\(. | del(.params, .per_node, .traffic, .network) | tostring)"' \
            intent-churn --nodes "${CHURN_NODES:-10000}" --preconverged
        fi
        ;;
      *) echo "sim-upstream: unknown case $c" >&2 && exit 2 ;;
    esac
  done
done
