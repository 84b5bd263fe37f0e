// Where a TCP stream message ends. memberlist streams carry no length prefix: a reader
// knows a message is complete only by walking its structure (spec section 6). This is
// that walk as a pure function, so the runtime can read "until complete" without
// decoding anything twice and tests can feed it one byte at a time.
//
// Recognised shapes, after an optional label header [244][len][label]:
//   [6]  push/pull: header map, then `Nodes` node-state maps, then UserStateLen raw bytes
//   [8]  user message: header map, then UserMsgLen raw bytes
//   [0] ping, [2] ack, [13] error, [9] compressed: exactly one msgpack map
//   [10] encrypted: [10][u32 BE length][length bytes]
// Anything else cannot be framed and is invalid.
#pragma once

#include <cstddef>
#include <cstdint>

#include "codec/bytes.hpp"
#include "codec/packet.hpp"
#include "codec/result.hpp"

namespace rumor::codec {

enum class FrameStatus : std::uint8_t {
  incomplete,  // a prefix of a valid message so far: read more
  complete,    // a whole message is here: `length` bytes (label header included)
  invalid,     // these bytes can never become a valid message: `error` says why
};

struct StreamFrame {
  FrameStatus status = FrameStatus::incomplete;
  // complete: the message's length; any bytes after it are not part of it.
  std::size_t length = 0;
  // incomplete: the message is at least this long (always more than the bytes given).
  // Once a length field has been read this is exact, so a reader can fetch that many
  // bytes before asking again instead of re-walking the prefix after every read.
  std::size_t at_least = 0;
  Error error = Error::truncated;  // invalid only
};

// Frames the first message in `received`, the bytes read from a stream so far.
// A message (or the prefix seen so far) longer than `max_bytes` is Error::too_large.
// Pure: the answer depends only on the arguments. Cost is linear in the bytes walked.
StreamFrame frame_stream(ByteView received, std::size_t max_bytes = kMaxStreamBytes);

}  // namespace rumor::codec
