// The bytes two real Go serf agents exchanged (tests/data/vectors/plain.vectors.txt):
// every packet opens, every memberlist message in it decodes, and re-encoding gives back
// the very same bytes -- messages, compounds, LZW streams, CRC headers and push/pull.
#include "vectors.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "codec/msgpack.hpp"
#include "codec/packet.hpp"
#include "test_support.hpp"

namespace rumor::codec::test {
namespace {

const Vectors* plain(std::string& error) {
  static std::string load_error;
  static const std::optional<Vectors> vectors = load_vectors("plain.vectors.txt", load_error);
  error = load_error;
  return vectors ? &*vectors : nullptr;
}

#define LOAD_VECTORS_OR_FAIL(v)          \
  std::string load_error_;               \
  const Vectors* v = plain(load_error_); \
  ASSERT_NE(v, nullptr) << load_error_;

// Re-encodes a decoded message; nullopt for types that are not canonical structs.
std::optional<Bytes> reencode(MessageType type, ByteView body, std::string& error) {
  auto again = [&](auto decoded) -> std::optional<Bytes> {
    if (!decoded.ok()) {
      error = to_string(decoded.error());
      return Bytes{};
    }
    return encoded(*decoded);
  };
  switch (type) {
    case MessageType::ping:
      return again(decode_ping(body));
    case MessageType::indirect_ping:
      return again(decode_indirect_ping(body));
    case MessageType::ack:
      return again(decode_ack(body));
    case MessageType::nack:
      return again(decode_nack(body));
    case MessageType::suspect:
      return again(decode_suspect(body));
    case MessageType::alive:
      return again(decode_alive(body));
    case MessageType::dead:
      return again(decode_dead(body));
    case MessageType::error:
      return again(decode_error(body));
    default:
      return std::nullopt;
  }
}

// Visits the layers of a message below the CRC header.
struct Layers {
  std::function<void(ByteView compress_body, const Bytes& inflated)> on_compressed;
  std::function<void(ByteView compound_body, const CompoundParts& parts)> on_compound;
  std::function<void(ByteView msg)> on_message;

  void walk(ByteView msg) {
    ASSERT_FALSE(msg.empty());
    const ByteView body = msg.subspan(1);
    if (msg[0] == static_cast<std::uint8_t>(MessageType::compress)) {
      auto inflated = decompress_message(body);
      ASSERT_TRUE(inflated.ok()) << to_string(inflated.error());
      if (on_compressed) on_compressed(body, *inflated);
      walk(*inflated);
    } else if (msg[0] == static_cast<std::uint8_t>(MessageType::compound)) {
      auto parts = split_compound(body);
      ASSERT_TRUE(parts.ok());
      if (on_compound) on_compound(body, *parts);
      for (ByteView p : parts->parts) walk(p);
    } else if (on_message) {
      on_message(msg);
    }
  }
};

bool has_crc(const Bytes& packet) {
  return packet[0] == static_cast<std::uint8_t>(MessageType::has_crc);
}

ByteView under_crc(const Bytes& packet) {
  return has_crc(packet) ? ByteView(packet).subspan(kCrcOverhead) : ByteView(packet);
}

TEST(RealVectors, TheCaptureIsPresentAndComplete) {
  LOAD_VECTORS_OR_FAIL(v);
  EXPECT_EQ(v->udp.size(), 59u);
  EXPECT_EQ(v->tcp.size(), 2u);
}

TEST(RealVectors, EveryUdpPacketOpensCompletely) {
  LOAD_VECTORS_OR_FAIL(v);
  for (const UdpVector& u : v->udp) {
    auto opened = open_packet(u.payload, "");
    ASSERT_TRUE(opened.ok()) << "line " << u.line << ": " << to_string(opened.error());
    EXPECT_TRUE(opened->label.empty());
    EXPECT_FALSE(opened->messages.empty()) << "line " << u.line;
    EXPECT_EQ(opened->dropped_parts, 0u) << "line " << u.line;
  }
}

TEST(RealVectors, EveryMemberlistMessageDecodesAndReencodesToTheSameBytes) {
  LOAD_VECTORS_OR_FAIL(v);
  std::map<MessageType, int> seen;
  for (const UdpVector& u : v->udp) {
    auto opened = open_packet(u.payload, "");
    ASSERT_TRUE(opened.ok()) << "line " << u.line;
    for (const PacketMessage& m : opened->messages) {
      ++seen[m.type];
      const Bytes original = with_type(m.type, m.body);
      if (m.type == MessageType::user) {
        // Opaque to memberlist; Serf's layer is [serf type][msgpack map].
        ASSERT_GE(m.body.size(), 2u) << "line " << u.line;
        msgpack::Reader r(m.body.subspan(1));
        EXPECT_TRUE(r.skip().ok()) << "line " << u.line;
        EXPECT_TRUE(r.at_end()) << "line " << u.line;
        continue;
      }
      std::string error;
      auto again = reencode(m.type, m.body, error);
      ASSERT_TRUE(again.has_value())
          << "line " << u.line << ": unexpected type " << to_string(m.type);
      ASSERT_TRUE(error.empty()) << "line " << u.line << ": " << error;
      EXPECT_EQ(to_hex(*again), to_hex(original)) << "line " << u.line;
    }
  }
  // The scenario has all of these; if one disappears the capture changed.
  EXPECT_GT(seen[MessageType::ping], 0);
  EXPECT_GT(seen[MessageType::ack], 0);
  EXPECT_GT(seen[MessageType::alive], 0);
  EXPECT_GT(seen[MessageType::dead], 0);
  EXPECT_GT(seen[MessageType::user], 0);
}

TEST(RealVectors, APingCarriesTheTargetAndTheSourceToReplyTo) {
  LOAD_VECTORS_OR_FAIL(v);
  const UdpVector* first_ping = nullptr;
  for (const UdpVector& u : v->udp) {
    if (u.payload[0] == 0x00) {
      first_ping = &u;
      break;
    }
  }
  ASSERT_NE(first_ping, nullptr);
  auto ping = decode_ping(ByteView(first_ping->payload).subspan(1));
  ASSERT_TRUE(ping.ok());
  EXPECT_EQ(ping->node, "alpha");
  EXPECT_EQ(ping->seq_no, 1u);
  EXPECT_EQ(ping->source_node, "beta");
  EXPECT_EQ((Address{ping->source_addr, ping->source_port}).to_string(), "127.0.0.1:45101");
}

TEST(RealVectors, EveryPacketIsRebuiltBySealingItsInnermostMessage) {
  // memberlist compresses when that is smaller, then adds the CRC: sealing the message
  // under those layers with the same options must give Go's packet byte for byte.
  LOAD_VECTORS_OR_FAIL(v);
  for (const UdpVector& u : v->udp) {
    ByteView msg = under_crc(u.payload);
    Bytes inflated;
    if (msg[0] == static_cast<std::uint8_t>(MessageType::compress)) {
      auto inner = decompress_message(msg.subspan(1));
      ASSERT_TRUE(inner.ok()) << "line " << u.line;
      inflated = std::move(*inner);
      msg = inflated;
    }
    const Bytes sealed =
        seal_packet(msg, {.label = {}, .crc = has_crc(u.payload), .compress = true});
    EXPECT_EQ(to_hex(sealed), to_hex(u.payload)) << "line " << u.line;
  }
}

TEST(RealVectors, LzwOfEveryCompressedPayloadIsReproducedExactly) {
  LOAD_VECTORS_OR_FAIL(v);
  int compressed = 0;
  Layers layers;
  layers.on_compressed = [&](ByteView body, const Bytes& inflated) {
    ++compressed;
    msgpack::Reader r(body);
    ByteView buf;
    ASSERT_TRUE(r.read_struct([&](std::string_view k) -> Status {
                   if (k != "Buf") return r.skip();
                   auto raw = r.read_raw();
                   if (!raw) return raw.error();
                   buf = *raw;
                   return Ok{};
                 }).ok());
    EXPECT_EQ(to_hex(lzw_compress(inflated)), to_hex(buf));
    EXPECT_EQ(to_hex(compress_message(inflated)), to_hex(with_type(MessageType::compress, body)));
  };
  for (const UdpVector& u : v->udp) layers.walk(under_crc(u.payload));
  for (const TcpVector& t : v->tcp) layers.walk(t.payload);
  EXPECT_EQ(compressed, 9);  // 7 UDP packets and both TCP streams
}

TEST(RealVectors, EveryCompoundIsRebuiltFromItsParts) {
  LOAD_VECTORS_OR_FAIL(v);
  int compounds = 0;
  Layers layers;
  layers.on_compound = [&](ByteView body, const CompoundParts& parts) {
    ++compounds;
    EXPECT_EQ(parts.truncated, 0u);
    Bytes again;
    append_compound(parts.parts, again);
    EXPECT_EQ(to_hex(again), to_hex(with_type(MessageType::compound, body)));
  };
  for (const UdpVector& u : v->udp) layers.walk(under_crc(u.payload));
  EXPECT_GE(compounds, 5);
}

TEST(RealVectors, PushPullStreamsDecodeAndReencodeToTheSameBytes) {
  LOAD_VECTORS_OR_FAIL(v);
  std::vector<std::string> names;
  for (const TcpVector& t : v->tcp) {
    auto opened = open_stream(t.payload, "");
    ASSERT_TRUE(opened.ok()) << "line " << t.line << ": " << to_string(opened.error());
    ASSERT_EQ(opened->type, MessageType::push_pull);
    EXPECT_FALSE(opened->storage.empty()) << "the captured streams are compressed";
    auto pp = decode_push_pull(opened->body);
    ASSERT_TRUE(pp.ok()) << "line " << t.line << ": " << to_string(pp.error());
    EXPECT_TRUE(pp->join);
    ASSERT_EQ(pp->nodes.size(), 1u);
    names.push_back(pp->nodes[0].name);
    EXPECT_EQ(pp->nodes[0].state, WireState::alive);
    EXPECT_EQ(pp->nodes[0].vsn, (Vsn{1, 5, 2, 2, 5, 5}));
    ASSERT_FALSE(pp->user_state.empty());
    EXPECT_EQ(pp->user_state[0], 2) << "Serf's push/pull message type";

    const Bytes again = encoded(*pp);
    EXPECT_EQ(to_hex(again), to_hex(with_type(MessageType::push_pull, opened->body)));
    EXPECT_EQ(to_hex(seal_stream(again, "", true)), to_hex(t.payload));
  }
  EXPECT_EQ(names, (std::vector<std::string>{"beta", "alpha"}));
}

}  // namespace
}  // namespace rumor::codec::test
