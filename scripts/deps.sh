#!/usr/bin/env bash
# Installs rumor's build and test dependencies from Debian 12's packages (as root).
# Skips apt entirely when everything is already there.
set -euo pipefail
packages=(
  cmake ninja-build g++ clang-14 libclang-rt-14-dev clang-format
  ccache  # scripts/test.sh: rebuilds of unchanged files come from the cache
  libgtest-dev libgmock-dev librapidcheck-dev libbenchmark-dev
  libcli11-dev nlohmann-json3-dev libasio-dev libssl-dev libspdlog-dev libfmt-dev
  serf
  curl  # the HTTP API test reads the agent's endpoints
  chromium  # the dashboard test drives the agent's web page headless
  pkg-config  # the install test builds the examples through rumor.pc
  dpkg-dev file help2man  # the Debian packages: dpkg-shlibdeps (which needs file), man pages
  systemd  # systemd-analyze verifies the packaged unit
  python3-dev pybind11-dev python3-pytest  # the Python module and its tests (Debian's python3)
  python3-matplotlib  # docs/python.md's walk-through draws a plot; its test runs it
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
