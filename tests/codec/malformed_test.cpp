// Malformed input is answered with an Error, never a crash: every truncation of a valid
// message, corrupted bytes, absurd counts and deep nesting.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "codec/msgpack.hpp"
#include "codec/packet.hpp"
#include "generators.hpp"
#include "test_support.hpp"

namespace rumor::codec::test {
namespace {

// Runs the decoder for a [type][body] message; true when it succeeded.
bool decodes(ByteView msg) {
  if (msg.empty()) return false;
  const ByteView body = msg.subspan(1);
  switch (static_cast<MessageType>(msg[0])) {
    case MessageType::ping:
      return decode_ping(body).ok();
    case MessageType::indirect_ping:
      return decode_indirect_ping(body).ok();
    case MessageType::ack:
      return decode_ack(body).ok();
    case MessageType::nack:
      return decode_nack(body).ok();
    case MessageType::suspect:
      return decode_suspect(body).ok();
    case MessageType::alive:
      return decode_alive(body).ok();
    case MessageType::dead:
      return decode_dead(body).ok();
    case MessageType::error:
      return decode_error(body).ok();
    case MessageType::push_pull:
      return decode_push_pull(body).ok();
    case MessageType::user:
      return decode_user_stream(body).ok();
    case MessageType::compress:
      return decompress_message(body).ok();
    default:
      return false;
  }
}

std::vector<Bytes> sample_messages() {
  PushPull pp{.join = true,
              .nodes = {PushNodeState{.name = "a",
                                      .addr = Ip::v4(1, 2, 3, 4),
                                      .port = 7946,
                                      .meta = {1, 2},
                                      .incarnation = 300,
                                      .state = WireState::left,
                                      .vsn = {1, 5, 2, 2, 5, 5}}},
              .user_state = {2, 0x80}};
  Bytes user_stream;
  encode_user_stream(hex("0102"), user_stream);
  return {
      encoded(Ping{.seq_no = 70000,
                   .node = "b",
                   .source_addr = Ip::v4(1, 1, 1, 1),
                   .source_node = "a",
                   .source_port = 7946}),
      encoded(IndirectPing{.seq_no = 1,
                           .target = Ip::v4(2, 2, 2, 2),
                           .port = 1,
                           .node = "c",
                           .nack = true,
                           .source_addr = {},
                           .source_node = {},
                           .source_port = 0}),
      encoded(Ack{.seq_no = 5, .payload = Bytes(40, 7)}),
      encoded(Nack{.seq_no = 300}),
      encoded(Suspect{.incarnation = 1, .node = "n", .from = "f"}),
      encoded(Alive{.incarnation = 1,
                    .node = "n",
                    .addr = Ip::v4(1, 2, 3, 4),
                    .port = 1,
                    .meta = {0xff},
                    .vsn = {1, 5, 2, 0, 0, 0}}),
      encoded(Dead{.incarnation = 1, .node = "n", .from = "n"}),
      encoded(ErrorResponse{.error = "nope"}),
      encoded(pp),
      user_stream,
      compress_message(encoded(Nack{.seq_no = 1})),
  };
}

TEST(Malformed, EveryTruncationOfAValidMessageIsAnError) {
  for (const Bytes& msg : sample_messages()) {
    ASSERT_TRUE(decodes(msg)) << to_hex(msg);
    for (std::size_t n = 1; n < msg.size(); ++n) {
      EXPECT_FALSE(decodes(ByteView(msg).first(n))) << to_hex(msg) << " cut at " << n;
    }
  }
}

TEST(Malformed, EveryTruncationOfAPacketWithCrcIsAnError) {
  Bytes compound;
  const auto msgs = sample_messages();
  append_compound(std::vector<ByteView>(msgs.begin(), msgs.end()), compound);
  for (bool compress : {false, true}) {
    const Bytes packet = seal_packet(compound, {.label = "lbl", .crc = true, .compress = compress});
    ASSERT_TRUE(open_packet(packet, "lbl").ok());
    for (std::size_t n = 0; n < packet.size(); ++n) {
      EXPECT_FALSE(open_packet(ByteView(packet).first(n), "lbl").ok()) << "cut at " << n;
    }
  }
}

TEST(Malformed, TruncatingAPlainCompoundLosesPartsButNeverBreaksTheOthers) {
  Bytes compound;
  auto msgs = sample_messages();
  msgs.pop_back();  // the compressed sample would open to its inner message
  append_compound(std::vector<ByteView>(msgs.begin(), msgs.end()), compound);
  for (std::size_t n = 0; n < compound.size(); ++n) {
    auto opened = open_packet(ByteView(compound).first(n), "");
    if (!opened.ok()) continue;
    EXPECT_EQ(opened->messages.size() + opened->dropped_parts, msgs.size()) << n;
    for (std::size_t i = 0; i < opened->messages.size(); ++i) {
      EXPECT_EQ(with_type_hex(opened->messages[i]), to_hex(msgs[i])) << n;
    }
  }
}

TEST(Malformed, EveryTruncationOfACompressedStreamIsAnError) {
  const Bytes stream = seal_stream(sample_messages()[8], "dc", true);
  ASSERT_TRUE(open_stream(stream, "dc").ok());
  for (std::size_t n = 0; n < stream.size(); ++n) {
    EXPECT_FALSE(open_stream(ByteView(stream).first(n), "dc").ok()) << "cut at " << n;
  }
}

TEST(Malformed, AbsurdCountsAreRefusedWithoutAllocating) {
  // A map claiming 4 billion keys, an array of 4 billion items under an unknown key,
  // a raw of 4 GiB: each answered at once.
  EXPECT_EQ(decode_ping(hex("df ffffffff a4 4e6f6465")).error(), Error::truncated);
  EXPECT_EQ(decode_ping(hex("81 a3 466f6f dd ffffffff 00")).error(), Error::truncated);
  EXPECT_EQ(decode_ping(hex("81 a4 4e6f6465 db ffffffff 61")).error(), Error::truncated);
  EXPECT_EQ(split_compound(hex("ff 0001")).error(), Error::bad_compound);
}

TEST(Malformed, DeepNestingUnderAnUnknownKeyIsTooDeep) {
  Bytes body = hex("81 a3 466f6f");
  body.insert(body.end(), 1000, 0x91);
  body.push_back(0x00);
  EXPECT_EQ(decode_alive(body).error(), Error::too_deep);
}

TEST(Malformed, FieldsOfTheWrongKindAreBadType) {
  EXPECT_EQ(decode_ping(hex("81 a5 5365714e6f a1 31")).error(), Error::bad_type);
  EXPECT_EQ(decode_ping(hex("81 a4 4e6f6465 01")).error(), Error::bad_type);
  EXPECT_EQ(decode_indirect_ping(hex("81 a4 4e61636b 01")).error(), Error::bad_type);
  EXPECT_EQ(decode_ping(hex("92 01 02")).error(), Error::bad_type);  // not a map
}

TEST(Malformed, OutOfRangeFieldsAreBadValue) {
  EXPECT_EQ(decode_ping(hex("81 a5 5365714e6f cf 0000000100000000")).error(), Error::bad_value);
  EXPECT_EQ(decode_alive(hex("81 a4 506f7274 ce 00010000")).error(), Error::bad_value);
  EXPECT_EQ(decode_alive(hex("81 a4 506f7274 ff")).error(), Error::bad_value);
}

RC_GTEST_PROP(Malformed, CorruptedMessagesNeverCrashTheDecoders, ()) {
  Bytes msg = *any_encoded_message();
  const auto flips = *rc::gen::inRange<int>(1, 4);
  for (int i = 0; i < flips; ++i) {
    const auto at = *rc::gen::inRange<std::size_t>(0, msg.size());
    msg[at] = *rc::gen::arbitrary<std::uint8_t>();
  }
  decodes(msg);
  auto opened = open_packet(msg, "");
  if (opened.ok()) {
    for (const PacketMessage& m : opened->messages) decodes(with_type(m));
  }
  RC_SUCCEED();
}

RC_GTEST_PROP(Malformed, ArbitraryBytesNeverCrashAnyEntryPoint, (const Bytes& junk)) {
  decodes(junk);
  auto opened = open_packet(junk, "");
  if (opened.ok()) {
    for (const PacketMessage& m : opened->messages) decodes(with_type(m));
  }
  (void)open_stream(junk, "");
  (void)decode_push_pull(junk);
  (void)lzw_decompress(junk, 1 << 16);
  (void)split_compound(junk);
  msgpack::Reader r(junk);
  (void)r.skip();
  RC_SUCCEED();
}

}  // namespace
}  // namespace rumor::codec::test
