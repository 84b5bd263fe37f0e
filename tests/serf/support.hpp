// Helpers for the Serf tests: hex, and the Serf messages found in the real captured
// vectors (tests/data/vectors/plain.vectors.txt), opened with the real codec.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "codec/bytes.hpp"
#include "codec/test_support.hpp"

namespace rumor::serf::test {

// The codec tests' hex helpers, not a second copy.
using codec::test::hex;
using codec::test::to_hex;
inline ByteView as_bytes(std::string_view s) {
  return ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

struct CapturedVectors {
  // Every memberlist user message ([8] stripped: [serf type][body]) in the UDP packets,
  // in capture order, duplicates included.
  std::vector<Bytes> serf_messages;
  // The Serf push/pull user state of every push/pull stream direction.
  std::vector<Bytes> push_pull_states;
  // Node meta of every alive message and push/pull node state.
  std::vector<Bytes> metas;
  // Vsn of every alive message.
  std::vector<Bytes> vsns;
  std::string error;  // set when the file could not be read or parsed
};

// Reads RUMOR_VECTORS_DIR/plain.vectors.txt.
const CapturedVectors& captured();

}  // namespace rumor::serf::test
