#!/usr/bin/env bash
# The public API from outside the tree: `cmake --install` this build tree's `dev`
# component into a scratch prefix, build examples/ against the prefix alone, once through
# find_package(rumor) and once through pkg-config, and run an example of each.
# Reuses the build tree's libraries (installing copies them), so it costs two small
# compiles and two runs of a few seconds.
#
#   install_test.sh <build dir> <source dir> <scratch dir> <c++ compiler>
set -euo pipefail
build=$1 src=$2 work=$3 cxx=$4
rm -rf "$work"
mkdir -p "$work"
prefix=$work/prefix
fail() { echo "install_test: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" --component dev >"$work/install.log"
for f in include/rumor/rumor.hpp include/rumor/version.hpp include/rumor/net/serf_cluster.hpp \
         include/rumor/core/node.hpp include/rumor/agent/rpc_client.hpp; do
  [[ -f $prefix/$f ]] || fail "missing $f"
done
# Private headers stay private.
for f in include/rumor/serf/serf.hpp include/rumor/net/runtime.hpp include/rumor/core/node_impl.hpp; do
  [[ ! -e $prefix/$f ]] || fail "private header installed: $f"
done
config=$(find "$prefix" -name rumorConfig.cmake)
pc=$(find "$prefix" -name rumor.pc)
[[ -n $config && -n $pc ]] || fail "no rumorConfig.cmake or rumor.pc under $prefix"

# 1. find_package(rumor 0.1 REQUIRED), examples/CMakeLists.txt as a project of its own.
cmake -S "$src/examples" -B "$work/find" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_PREFIX_PATH="$prefix" >"$work/find.log"
cmake --build "$work/find" >>"$work/find.log"
# Nothing but the prefix: no include path into the source tree.
if grep -q -- "-I$src/src" "$work/find/build.ninja"; then fail "the examples saw $src/src"; fi

# 2. pkg-config, with the compiler alone.
flags=$(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --cflags --libs rumor)
[[ $flags != *"$src/src"* ]] || fail "rumor.pc points into the source tree: $flags"
"$cxx" -O1 "$src/examples/membership.cpp" -o "$work/membership_pc" $flags

# The Serf example exits 0 only when both web members answered its query.
timeout 60 "$work/find/example_serf_events" >"$work/serf_events.out" ||
  { cat "$work/serf_events.out"; fail "example_serf_events failed"; }
# The pure core driven by the program itself, simulated time: converges or exits 1.
timeout 60 "$work/find/example_pure_core" >"$work/pure_core.out" ||
  { cat "$work/pure_core.out"; fail "example_pure_core failed"; }
timeout 60 "$work/membership_pc" >"$work/membership.out" ||
  { cat "$work/membership.out"; fail "membership (pkg-config) failed"; }
# Each member printed a converged view: three members alive.
views=$(grep -c "sees:.*(alive).*(alive).*(alive)" "$work/membership.out" || true)
[[ $views == 3 ]] || { cat "$work/membership.out"; fail "membership views did not converge"; }
echo "install_test: ok (find_package and pkg-config builds ran)"
