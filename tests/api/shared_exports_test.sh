#!/usr/bin/env bash
# librumor.so exports the public API and nothing else: the facades, the pure core and
# rumor::version() are in its dynamic symbol table; serf::Serf, the core's internals,
# the runtime, Asio and standard-library instantiations are not. Then two programs built
# against the staged headers (a facade's and the pure core's) link against it and run.
#
#   shared_exports_test.sh <librumor.so> <staged include dir> <examples dir> <scratch> <c++>
set -euo pipefail
lib=$1 inc=$2 examples=$3 work=$4 cxx=$5
fail() { echo "shared_exports_test: $*" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work"
nm -DC --defined-only "$lib" | awk '{ $1 = ""; $2 = ""; print substr($0, 3) }' >"$work/exports"
for want in 'rumor::version()' 'rumor::net::SerfCluster::start(' 'rumor::net::Cluster::start(' \
            'rumor::core::Node::on_packet(' 'rumor::agent::RpcClient::RpcClient(' \
            'rumor::serf::to_string(' 'rumor::core::Config::lan(' \
            'rumor::core::Identities::acquire_name('; do
  grep -qF "$want" "$work/exports" || fail "not exported: $want"
done
# A symbol "is" a name when it starts with it, or its typeinfo or vtable does.
starting_with() {
  awk -v p="$1" 'index($0, p) == 1 || index($0, "typeinfo for " p) == 1 ||
                 index($0, "vtable for " p) == 1' "$work/exports"
}
for unwanted in 'rumor::serf::Serf::' 'rumor::net::Runtime::' 'rumor::net::Transport' \
                'rumor::core::NodeImpl' 'rumor::core::MemberTable' \
                'asio::' 'std::'; do
  leaked=$(starting_with "$unwanted" | head -3 || true)  # head may SIGPIPE awk
  [[ -z $leaked ]] || fail "exported but private: $leaked"
done
"$cxx" -std=c++20 -O1 -I"$inc" "$examples/membership.cpp" -o "$work/membership_shared" \
       -L"$(dirname "$lib")" -lrumor -Wl,-rpath,"$(dirname "$lib")"
# Linked against the shared library, not a static copy.
# (grep -q on a here-string, not a pipe: under pipefail, a grep -q that stops reading
# early can fail the pipeline with the writer's SIGPIPE.)
grep -q "librumor.so" <<<"$(ldd "$work/membership_shared")" || fail "not linked against librumor.so"
timeout 60 "$work/membership_shared" >"$work/membership.out" ||
  { cat "$work/membership.out"; fail "membership against librumor.so failed"; }
# The pure core through librumor.so: its public headers' inline code needs nothing hidden.
"$cxx" -std=c++20 -O1 -I"$inc" "$examples/pure_core.cpp" -o "$work/pure_core_shared" \
       -L"$(dirname "$lib")" -lrumor -Wl,-rpath,"$(dirname "$lib")"
timeout 60 "$work/pure_core_shared" >"$work/pure_core.out" ||
  { cat "$work/pure_core.out"; fail "pure_core against librumor.so failed"; }
echo "shared_exports_test: ok ($(wc -l <"$work/exports") symbols exported)"
