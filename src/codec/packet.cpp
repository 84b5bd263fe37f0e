// Sealing and opening UDP packets and TCP streams (spec sections 4 and 6).
//
// Opening follows memberlist's ingestPacket/handleCommand: the CRC header is honoured only
// as the outermost layer (after the label), while compress and compound may nest inside
// each other, each part going through the same dispatch. Departures: nesting is limited to
// kMaxPacketNesting layers, and the decompressed bytes of one packet are limited to
// kMaxDecompressed in total rather than per compressed layer.
#include "codec/packet.hpp"

#include "codec/label.hpp"

namespace rumor::codec {
namespace {

std::uint32_t read_be32(const std::uint8_t* p) {
  return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}

void append_be32(std::uint32_t v, Bytes& out) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

// Flattens one packet's compress and compound layers into plain messages.
class Unpacker {
 public:
  explicit Unpacker(OpenedPacket& result) : result_(result) {}

  // Failures of the outer layers fail the packet; inside a compound a bad part is
  // counted in dropped_parts and the other parts are kept, as memberlist does.
  Status dispatch(ByteView msg, int depth, bool in_part) {
    auto fail = [&](Error e) -> Status {
      if (!in_part) return e;
      ++result_.dropped_parts;
      return Ok{};
    };
    if (msg.empty()) return fail(Error::truncated);
    const auto type = static_cast<MessageType>(msg[0]);
    const ByteView body = msg.subspan(1);
    if (type == MessageType::compress) {
      if (depth >= kMaxPacketNesting) return fail(Error::too_deep);
      auto inner = decompress_message(body, budget_);
      if (!inner) return fail(inner.error());
      budget_ -= inner->size();
      // The buffer moves with the Bytes, so views into it stay valid as storage grows.
      const Bytes& stored = result_.storage.emplace_back(std::move(*inner));
      return dispatch(stored, depth + 1, in_part);
    }
    if (type == MessageType::compound) {
      if (depth >= kMaxPacketNesting) return fail(Error::too_deep);
      auto parts = split_compound(body);
      if (!parts) return fail(parts.error());
      result_.dropped_parts += parts->truncated;
      for (ByteView part : parts->parts) {
        Status st = dispatch(part, depth + 1, true);
        if (!st) return st;
      }
      return Ok{};
    }
    // Anything else is a message for the core, unknown types included: it counts them.
    result_.messages.push_back(PacketMessage{type, body});
    return Ok{};
  }

 private:
  OpenedPacket& result_;
  std::size_t budget_ = kMaxDecompressed;
};

}  // namespace

Bytes seal_packet(ByteView msg, const SealOptions& opt) {
  Bytes compressed;
  ByteView payload = msg;
  if (opt.compress) {
    compressed = compress_message(msg);
    if (compressed.size() < msg.size()) payload = compressed;  // as memberlist: only if smaller
  }
  Bytes out;
  out.reserve(label_overhead(opt.label) + (opt.crc ? kCrcOverhead : 0) + payload.size());
  append_label(opt.label, out);
  if (opt.crc) {
    out.push_back(static_cast<std::uint8_t>(MessageType::has_crc));
    append_be32(crc32_ieee(payload), out);
  }
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

Result<OpenedPacket> open_packet(ByteView packet, std::string_view expected_label) {
  OpenedPacket result;
  auto rest = strip_expected_label(packet, expected_label, result.label);
  if (!rest) return rest.error();
  ByteView msg = *rest;
  if (!msg.empty() && msg[0] == static_cast<std::uint8_t>(MessageType::has_crc)) {
    if (msg.size() < kCrcOverhead) return Error::truncated;
    const std::uint32_t expected = read_be32(msg.data() + 1);
    msg = msg.subspan(kCrcOverhead);
    if (crc32_ieee(msg) != expected) return Error::bad_crc;
  }
  Status st = Unpacker(result).dispatch(msg, 0, false);
  if (!st) return st.error();
  // Moved, never copied: the message views point into the storage buffers.
  return Result<OpenedPacket>(std::move(result));
}

Bytes seal_stream(ByteView msg, std::string_view label, bool compress) {
  Bytes out;
  append_label(label, out);
  if (compress) {
    // Streams compress unconditionally when enabled, as memberlist's sendLocalState does.
    const Bytes c = compress_message(msg);
    out.insert(out.end(), c.begin(), c.end());
  } else {
    out.insert(out.end(), msg.begin(), msg.end());
  }
  return out;
}

Result<OpenedStream> open_stream(ByteView stream, std::string_view expected_label) {
  std::string label;
  auto rest = strip_expected_label(stream, expected_label, label);
  if (!rest) return rest.error();
  if (rest->empty()) return Error::truncated;
  const auto type = static_cast<MessageType>((*rest)[0]);
  const ByteView body = rest->subspan(1);
  if (type == MessageType::encrypt) {
    // [10][u32 length][version|nonce|ciphertext|tag] is unwrapped by the keyring layer,
    // which does not exist yet; until it does an encrypted stream cannot be read.
    return Error::unknown_message;
  }
  OpenedStream out{type, body, {}};
  if (type == MessageType::compress) {
    auto inner = decompress_message(body);
    if (!inner) return inner.error();
    if (inner->empty()) return Error::truncated;
    out.storage = std::move(*inner);
    out.type = static_cast<MessageType>(out.storage[0]);
    out.body = ByteView(out.storage).subspan(1);
  }
  // Moved, never copied: body may point into storage.
  return Result<OpenedStream>(std::move(out));
}

}  // namespace rumor::codec
