#!/usr/bin/env bash
# What the simulator predicts for the 32 loopback agents of bench/bench_agents and
# bench/detect_agents (issue 13): the same cluster size, profile and gossip settings, and
# the one-way latency the agents see on this machine, over many seeds.
#   1. event spread to all: `rumor sim broadcast` with eager gossip (the agents' default)
#      and without (serf's timing), the median and 90th percentile over the seeds of the
#      time until every node has the broadcast;
#   2. crash detection by all: `rumor sim failure --crash 1` with lan (serf's defaults)
#      and lan-fast, the median over the seeds of the time until every healthy node has
#      declared the crashed one dead, and the false positives summed over the seeds.
# The agents' own figures add what the simulator does not model: `serf event`'s start
# and RPC before the spread, the handler's start after it (bench_agents --trace prints
# both), and detect_agents' poll sweep.
#
# Usage: scripts/sim-vs-agents.sh [path/to/rumor]   (default: build/release/src/cli/rumor)
# Env:   NODES (32), SEEDS (40), LATENCY_MS (1), JITTER_MS (3, exponential: the agents'
#        median hop of ~4 ms under load, from bench_agents --trace)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rumor="${1:-$here/build/release/src/cli/rumor}"
if [[ ! -x "$rumor" ]]; then
  echo "sim-vs-agents: no rumor binary at $rumor" >&2
  exit 2
fi
nodes="${NODES:-32}"
seeds="${SEEDS:-40}"
latency="${LATENCY_MS:-1}"
jitter="${JITTER_MS:-3}"
net=(--latency-ms "$latency" --jitter-ms "$jitter" --jitter exponential)

# Median and 90th percentile (nearest rank) of numbers on stdin, in ms.
summary() {
  sort -g | awk '{v[NR] = $1} END {
    if (NR == 0) { print "no data"; exit }
    m = int((NR + 1) / 2); p = int(NR * 0.9 + 0.999)
    printf "median %7.1f ms   p90 %7.1f ms   (%d seeds)\n", v[m] * 1000, v[p] * 1000, NR }'
}
field() {  # the JSON number `$1` of one report on stdin
  sed -n "s/.*\"$1\": *\([-0-9.e]*\).*/\1/p" | head -1
}

echo "rumor sim, $nodes nodes, latency ${latency} ms + exponential jitter ${jitter} ms, seeds 1-$seeds"
for eager in on off; do
  printf "event spread to all, eager gossip %-3s: " "$eager"
  for s in $(seq 1 "$seeds"); do
    "$rumor" sim broadcast --nodes "$nodes" --seed "$s" --eager-gossip "$eager" "${net[@]}" --json |
      field all_s
  done | summary
done
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
for profile in lan lan-fast; do
  fp=0
  : >"$tmp"
  for s in $(seq 1 "$seeds"); do
    out="$("$rumor" sim failure --nodes "$nodes" --crash 1 --seed "$s" --profile "$profile" "${net[@]}" --json)"
    fp=$((fp + $(field false_positives <<<"$out")))
    field all_dead_s <<<"$out" >>"$tmp"
  done
  printf "crash detected by all, %-8s:       " "$profile"
  summary <"$tmp"
  echo "  false positives over all seeds ($profile): $fp"
done
