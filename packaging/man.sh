#!/usr/bin/env bash
# Man pages from the binary's own help (help2man): rumor(1), and rumor-<subcommand>(1)
# for each subcommand, gzipped as Debian wants them.
#
#   man.sh <rumor binary> <output dir> <version> <rumor.h2m>
set -euo pipefail
rumor=$1 out=$2 version=$3 include=$4
mkdir -p "$out"

page() {  # page <file stem> <NAME line> <help2man args...>
  local stem=$1 name=$2
  shift 2
  help2man --no-info --no-discard-stderr --version-string="$version" -n "$name" "$@" \
    "$rumor" >"$out/$stem.1.tmp"
  # help2man titles every page after the binary; a subcommand's page has its own name.
  local title
  title=$(tr '[:lower:]' '[:upper:]' <<<"$stem")
  sed -i -e "s/^\.TH RUMOR /.TH $title /" -e "s/^rumor \\\\- /$stem \\\\- /" "$out/$stem.1.tmp"
  gzip -9nc "$out/$stem.1.tmp" >"$out/$stem.1.gz"
  rm "$out/$stem.1.tmp"
}

page rumor "gossip membership, Serf-compatible agent and client, cluster simulator" \
  --include="$include"
while IFS='|' read -r sub name; do
  page "rumor-$sub" "$name" --help-option="$sub -h"
done <<'LIST'
agent|run an agent: one Serf member with its RPC, HTTP API and event handlers
demo|start a local cluster of agents and narrate gossip at work
sim|run a deterministic cluster simulation
members|list the members of a cluster
join|tell an agent to join a cluster
leave|leave the cluster gracefully and shut the agent down
force-leave|force a member of the cluster into the left state
event|send a user event through the cluster
query|send a query to the cluster and print the acks and responses
tags|modify the tags of a running agent
keys|manage the cluster's encryption keyring
monitor|stream the log of an agent
info|debugging information for operators
rtt|estimate the round trip time between nodes
reachability|test the network reachability of the agent's node
keygen|generate a new encryption key
version|print the rumor version
LIST
