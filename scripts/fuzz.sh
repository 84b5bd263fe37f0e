#!/usr/bin/env bash
# Builds the libFuzzer targets with the `fuzz` preset and runs each one for SECONDS
# seconds, seeded from the captured vectors. Exits non-zero on the first crash, sanitizer
# report, leak or timeout; the reproducer is left in build/fuzz/artifacts/.
#
#   scripts/fuzz.sh SECONDS
#
# Environment: RUMOR_ROOT (source tree holding CMakePresets.json, default: this checkout),
# RUMOR_VECTORS_DIR (default: <root>/tests/data/vectors), FUZZ_TARGETS (a subset).
set -euo pipefail

seconds="${1:?usage: scripts/fuzz.sh SECONDS}"
root="${RUMOR_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
vectors="${RUMOR_VECTORS_DIR:-$root/tests/data/vectors}"
targets="${FUZZ_TARGETS:-fuzz_open_packet fuzz_open_stream fuzz_push_pull fuzz_messages fuzz_lzw fuzz_split_compound fuzz_msgpack_skip fuzz_decrypt fuzz_http_request fuzz_key_query fuzz_ping_payload}"

cd "$root"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target fuzz_all -- -j2

build="$root/build/fuzz/fuzz"
seeds="$root/build/fuzz/seeds"
artifacts="$root/build/fuzz/artifacts/"
rm -rf "$seeds"
mkdir -p "$artifacts"
"$build/fuzz_seeds" "$vectors/plain.vectors.txt" "$seeds"
# fuzz_decrypt starts from the encrypted capture (payloads that authenticate with the key
# it holds) and from the plain packets and streams (which it seals itself).
"$build/fuzz_seeds" "$vectors/encrypted.vectors.txt" "$seeds/encrypted" >/dev/null
mkdir -p "$seeds/fuzz_decrypt"
copy_seeds() {  # copy_seeds FROM PREFIX: seed names are unique within one fuzz_seeds run
  for f in "$1"/*; do cp "$f" "$seeds/fuzz_decrypt/$2-$(basename "$f")"; done
}
copy_seeds "$seeds/encrypted/fuzz_open_packet" encrypted
copy_seeds "$seeds/encrypted/fuzz_open_stream" encrypted
copy_seeds "$seeds/fuzz_open_packet" plain
copy_seeds "$seeds/fuzz_open_stream" plain
# fuzz_http_request starts from requests a browser, curl and Prometheus send.
mkdir -p "$seeds/fuzz_http_request"
printf 'GET /v1/members HTTP/1.1\r\nHost: 127.0.0.1:7380\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n' \
  >"$seeds/fuzz_http_request/curl"
printf 'GET /v1/events?token=a%%2Bb HTTP/1.1\r\nHost: h\r\nAccept: text/event-stream\r\nLast-Event-ID: 12\r\nConnection: keep-alive\r\n\r\n' \
  >"$seeds/fuzz_http_request/sse"
printf 'GET /metrics HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer t0k\r\nAccept-Encoding: gzip\r\nContent-Length: 0\r\n\r\nGET / HTTP/1.0\r\n\r\n' \
  >"$seeds/fuzz_http_request/prometheus"

failed=0
for target in $targets; do
  corpus="$root/fuzz/corpus-$target"  # kept between runs, ignored by git
  mkdir -p "$corpus"
  seed_dir="$seeds/$target"
  mkdir -p "$seed_dir"
  echo "== $target: ${seconds}s"
  if ! "$build/$target" "$corpus" "$seed_dir" -max_total_time="$seconds" -timeout=10 \
      -rss_limit_mb=2048 -max_len=65536 -artifact_prefix="$artifacts$target-" \
      -print_final_stats=1 >"$root/build/fuzz/$target.log" 2>&1; then
    echo "!! $target failed; see build/fuzz/$target.log and $artifacts"
    tail -n 40 "$root/build/fuzz/$target.log"
    failed=1
    continue
  fi
  grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|Done)" "$root/build/fuzz/$target.log" |
    sed "s/^/   /" || true
  grep -E "cov: [0-9]+" "$root/build/fuzz/$target.log" | tail -n 1 | sed "s/^/   /" || true
done
exit "$failed"
