#!/usr/bin/env bash
# Builds the Debian packages into build/package/: rumor_<version>_amd64.deb (the rumor
# command, its systemd unit, default config, man pages, bash completion) and
# rumor-dev_<version>_amd64.deb (headers, libraries, CMake package, rumor.pc), from the
# release build. Install with: apt install ./build/package/rumor_<version>_amd64.deb
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
rm -rf build/package
cpack --config build/release/CPackConfig.cmake -B build/package
rm -rf build/package/_CPack_Packages  # cpack's staging
ls -l build/package/*.deb
