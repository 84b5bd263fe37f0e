#!/usr/bin/env bash
# The Debian packages as an operator meets them: cpack (the same configuration
# scripts/package.sh uses) builds them from this build tree, they are unpacked into a
# scratch root (dpkg-deb -x; maintainer scripts are syntax-checked, not run), and then
# the files are checked, the unit is verified by systemd-analyze where it exists, and
# the unpacked binary runs `rumor version` and two short-lived agents on loopback: one
# `-dev`, one from the packaged /etc/rumor config, each reloaded the way the unit reloads
# it and stopped the way the unit stops it.
#
#   package_test.sh <build dir> <scratch dir> <version> <cpack> <source dir>
set -euo pipefail
build=$1 work=$2 version=$3 cpack=$4 src=$5
fail() { echo "package_test: $*" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work"

"$cpack" --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; fail "cpack failed"; }
deb=$work/out/rumor_${version}_amd64.deb
dev=$work/out/rumor-dev_${version}_amd64.deb
[[ -f $deb && -f $dev ]] || fail "expected $(basename "$deb") and $(basename "$dev"); got: $(ls "$work/out")"

# Control fields.
[[ $(dpkg-deb -f "$deb" Package) == rumor && $(dpkg-deb -f "$deb" Version) == "$version" ]] ||
  fail "bad Package/Version in $(basename "$deb")"
# The rumor command is linked fully static by default (RUMOR_STATIC_BINARY), and then
# needs no shared library; a dynamic one must name libc6 among its Depends.
if ! grep -q "libc6" <<<"$(dpkg-deb -f "$deb" Depends)"; then
  dpkg-deb -x "$deb" "$work/static"
  needed=$(readelf -d "$work/static/usr/bin/rumor" 2>&1 | grep NEEDED || true)
  [[ -z $needed ]] || fail "no shared-library Depends, yet rumor needs: $needed"
fi
mkdir -p "$work/control"
dpkg-deb -e "$deb" "$work/control"
grep -qx /etc/rumor/rumor.json "$work/control/conffiles" || fail "the default config is no conffile"
for s in postinst prerm postrm; do sh -n "$work/control/$s" || fail "$s does not parse"; done

root=$work/root
dpkg-deb -x "$deb" "$root"
dpkg-deb -x "$dev" "$root"
for f in usr/bin/rumor usr/lib/systemd/system/rumor.service etc/rumor/rumor.json \
         usr/lib/sysusers.d/rumor.conf usr/share/bash-completion/completions/rumor \
         usr/share/man/man1/rumor.1.gz usr/share/man/man1/rumor-agent.1.gz \
         usr/include/rumor/rumor.hpp usr/lib/cmake/rumor/rumorConfig.cmake \
         usr/lib/pkgconfig/rumor.pc usr/lib/librumor_net.a; do
  [[ -e $root/$f ]] || fail "missing /$f"
done
grep -q '^\.TH RUMOR-AGENT' <<<"$(zcat "$root/usr/share/man/man1/rumor-agent.1.gz")" ||
  fail "rumor-agent(1) has no title"
unit=$root/usr/lib/systemd/system/rumor.service
grep -qx 'ExecStart=/usr/bin/rumor agent -config-dir=/etc/rumor' "$unit" ||
  fail "ExecStart is not the packaged path: $(grep ExecStart "$unit")"
grep -qx 'User=rumor' "$unit" || fail "the unit does not run as rumor"

# The unit's syntax, options and executables. systemd-analyze looks for the binary at
# /usr/bin/rumor, which is in the scratch root, so a copy points there instead; any
# message (an unknown key, a bad value) counts as a failure, not only the exit status.
if command -v systemd-analyze >/dev/null; then
  mkdir -p "$work/unit"
  sed "s|/usr/bin/rumor|$root/usr/bin/rumor|" "$unit" >"$work/unit/rumor.service"
  if ! systemd-analyze verify --man=no "$work/unit/rumor.service" >"$work/verify.out" 2>&1 ||
     [[ -s $work/verify.out ]]; then
    cat "$work/verify.out"; fail "systemd-analyze verify"
  fi
  echo "package_test: systemd-analyze verify: clean"
else
  echo "package_test: no systemd-analyze here, unit not verified"
fi

rumor=$root/usr/bin/rumor
[[ $("$rumor" version | head -1) == "rumor v$version" ]] || fail "rumor version: $("$rumor" version)"

# Bash completion against the unpacked binary.
completion=$(PATH=$root/usr/bin:$PATH bash -c '
  source "$1"; COMP_WORDS=(rumor members -rpc); COMP_CWORD=2; _rumor; echo "${COMPREPLY[*]}"
  COMP_WORDS=(rumor mem); COMP_CWORD=1; _rumor; echo "${COMPREPLY[*]}"
  COMP_WORDS=(rumor help ag); COMP_CWORD=2; _rumor; echo "${COMPREPLY[*]}"' _ \
  "$root/usr/share/bash-completion/completions/rumor")
[[ $completion == *"-rpc-addr="*members*agent ]] || fail "bash completion offered: $completion"

# One agent for a few seconds: up (its RPC answers `members` with itself alive), reloaded
# by the unit's ExecReload, stopped by the unit's KillSignal, which must be a leave.
reload_cmd=$(sed -n 's/^ExecReload=//p' "$unit" | sed 's/\$\$/$/g')
kill_signal=$(sed -n 's/^KillSignal=//p' "$unit")
run_agent() {  # run_agent <name> <agent flags...>
  local name=$1
  shift
  local rpc log=$work/$name.log
  rpc=127.0.0.1:$(/usr/bin/python3 "$src/tests/package/free_port.py")
  "$rumor" agent "$@" -node="$name" -bind="127.0.0.1:$(/usr/bin/python3 "$src/tests/package/free_port.py")" \
    -rpc-addr="$rpc" -http-addr= >"$log" 2>&1 &
  local pid=$!
  local up=
  for _ in $(seq 100); do  # up to 10 s
    if grep -q "^$name .*alive" <<<"$("$rumor" members -rpc-addr="$rpc" 2>/dev/null)"; then up=1; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  [[ -n $up ]] || { kill -9 "$pid" 2>/dev/null || true; cat "$log"; fail "$name never answered"; }
  # The command line as systemd would run it (its quoting is the shell's here).
  MAINPID=$pid eval "$reload_cmd"
  for _ in $(seq 50); do grep -q "reloading configuration" "$log" && break; sleep 0.1; done
  grep -q "reloading configuration" "$log" || { cat "$log"; fail "$name did not reload"; }
  grep -q "^$name .*alive" <<<"$("$rumor" members -rpc-addr="$rpc")" || fail "$name died on reload"
  kill -s "${kill_signal#SIG}" "$pid"
  local rc=
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || { wait "$pid" && rc=0 || rc=$?; break; }; sleep 0.1; done
  [[ -n $rc ]] || { kill -9 "$pid"; cat "$log"; fail "$name did not stop within 10 s"; }
  [[ $rc == 0 ]] || { cat "$log"; fail "$name exited $rc"; }
  grep -q "leaving" "$log" || { cat "$log"; fail "$name stopped without a leave"; }
}
run_agent dev1 -dev
# The packaged config, with what an unprivileged test must change overridden by flags.
run_agent cfg1 -config-dir="$root/etc/rumor" -snapshot="$work/snapshot"
echo "package_test: ok ($(basename "$deb"), $(basename "$dev"))"
