// Messages encode to exactly the bytes memberlist writes: the worked examples of the spec
// (sections 3 and 9), field order, omitempty and nil rules.
#include <gtest/gtest.h>

#include "codec/messages.hpp"
#include "codec/packet.hpp"
#include "test_support.hpp"

namespace rumor::codec::test {
namespace {

const Ip kNodeAIp = Ip::v4(10, 0, 0, 1);

TEST(MessagesGolden, PingFromNodeAToNodeBIsThe69BytesOfTheSpec) {
  const Bytes expected =
      hex("00 85 a4 4e6f6465 a6 6e6f64652d62 a5 5365714e6f 01 aa 536f7572636541646472 a4 0a000001"
          "   aa 536f757263654e6f6465 a6 6e6f64652d61 aa 536f75726365506f7274 cd 1f0a");
  ASSERT_EQ(expected.size(), 69u);
  Ping ping{.seq_no = 1,
            .node = "node-b",
            .source_addr = kNodeAIp,
            .source_node = "node-a",
            .source_port = 7946};
  EXPECT_EQ(to_hex(encoded(ping)), to_hex(expected));
  auto back = decode_ping(body_of(expected));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, ping);
}

TEST(MessagesGolden, AckWithoutPayloadWritesNilPayload) {
  const Bytes expected = hex("02 82 a7 5061796c6f6164 c0 a5 5365714e6f 01");
  EXPECT_EQ(to_hex(encoded(Ack{.seq_no = 1, .payload = {}})), to_hex(expected));
  auto back = decode_ack(body_of(expected));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->seq_no, 1u);
  EXPECT_TRUE(back->payload.empty());
}

TEST(MessagesGolden, AliveWritesSortedKeysNilMetaAndSixVersionBytes) {
  const Bytes expected =
      hex("04 86 a4 41646472 a4 0a000001 ab 496e6361726e6174696f6e 01 a4 4d657461 c0"
          "   a4 4e6f6465 a6 6e6f64652d61 a4 506f7274 cd 1f0a a3 56736e a6 010502000000");
  Alive alive{.incarnation = 1,
              .node = "node-a",
              .addr = kNodeAIp,
              .port = 7946,
              .meta = {},
              .vsn = {1, 5, 2, 0, 0, 0}};
  EXPECT_EQ(to_hex(encoded(alive)), to_hex(expected));
  auto back = decode_alive(body_of(expected));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, alive);
}

TEST(MessagesGolden, PushPullStartsWithTheHeaderOfTheSpec) {
  const Bytes header = hex("06 83 a4 4a6f696e c3 a5 4e6f646573 02 ac 5573657253746174654c656e 00");
  PushPull pp;
  pp.join = true;
  pp.nodes.resize(2);
  const Bytes out = encoded(pp);
  ASSERT_GE(out.size(), header.size());
  EXPECT_EQ(to_hex(ByteView(out).first(header.size())), to_hex(header));
}

TEST(MessagesGolden, PingOmitsEmptySourceFields) {
  EXPECT_EQ(to_hex(encoded(Ping{.seq_no = 7, .node = "b", .source_addr = {}, .source_node = {}})),
            to_hex(hex("00 82 a4 4e6f6465 a1 62 a5 5365714e6f 07")));
  // Each omitempty field is dropped on its own.
  EXPECT_EQ(to_hex(encoded(Ping{
                .seq_no = 7, .node = "b", .source_addr = {}, .source_node = {}, .source_port = 1})),
            to_hex(hex("00 83 a4 4e6f6465 a1 62 a5 5365714e6f 07 aa 536f75726365506f7274 01")));
}

TEST(MessagesGolden, IndirectPingWritesSortedKeysWithTargetLast) {
  IndirectPing m{.seq_no = 3,
                 .target = Ip::v4(10, 0, 0, 2),
                 .port = 7946,
                 .node = "c",
                 .nack = true,
                 .source_addr = kNodeAIp,
                 .source_node = "a",
                 .source_port = 7946};
  const Bytes expected =
      hex("01 88 a4 4e61636b c3 a4 4e6f6465 a1 63 a4 506f7274 cd 1f0a a5 5365714e6f 03"
          " aa 536f7572636541646472 a4 0a000001 aa 536f757263654e6f6465 a1 61"
          " aa 536f75726365506f7274 cd 1f0a a6 546172676574 a4 0a000002");
  EXPECT_EQ(to_hex(encoded(m)), to_hex(expected));
  auto back = decode_indirect_ping(body_of(expected));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, m);
}

TEST(MessagesGolden, IndirectPingWithoutSourceWritesFiveKeys) {
  IndirectPing m{.seq_no = 3,
                 .target = Ip::v4(10, 0, 0, 2),
                 .port = 7946,
                 .node = "c",
                 .nack = false,
                 .source_addr = {},
                 .source_node = {},
                 .source_port = 0};
  EXPECT_EQ(to_hex(encoded(m)),
            to_hex(hex("01 85 a4 4e61636b c2 a4 4e6f6465 a1 63 a4 506f7274 cd 1f0a"
                       " a5 5365714e6f 03 a6 546172676574 a4 0a000002")));
}

TEST(MessagesGolden, SuspectAndDeadWriteFromIncarnationNode) {
  // Bytes of beta's graceful leave, as captured from a real serf agent.
  const Bytes dead =
      hex("05 83 a4 46726f6d a4 62657461 ab 496e6361726e6174696f6e 02 a4 4e6f6465 a4 62657461");
  EXPECT_EQ(to_hex(encoded(Dead{.incarnation = 2, .node = "beta", .from = "beta"})), to_hex(dead));
  Bytes suspect = dead;
  suspect[0] = 0x03;
  EXPECT_EQ(to_hex(encoded(Suspect{.incarnation = 2, .node = "beta", .from = "beta"})),
            to_hex(suspect));
}

TEST(MessagesGolden, NackAndErrorAreOneKeyMaps) {
  EXPECT_EQ(to_hex(encoded(Nack{.seq_no = 300})), "0b81a55365714e6fcd012c");
  EXPECT_EQ(to_hex(encoded(ErrorResponse{.error = "no"})), "0d81a54572726f72a26e6f");
}

TEST(MessagesGolden, UserMessagesCarrySerfBytesAsOpaquePayload) {
  // Spec section 9: Serf user event "deploy"/"v1", LTime 5, coalescing; [8] is memberlist's.
  const Bytes serf = hex(
      "03 84 a2 4343 c3 a5 4c54696d65 05 a4 4e616d65 a6 6465706c6f79 a7 5061796c6f6164 a2 7631");
  const Bytes packet_bytes = hex(
      "08 03 84 a2 4343 c3 a5 4c54696d65 05 a4 4e616d65 a6 6465706c6f79 a7 5061796c6f6164 a2 7631");
  Bytes out;
  encode_user(serf, out);
  EXPECT_EQ(to_hex(out), to_hex(packet_bytes));

  auto opened = open_packet(packet_bytes, "");
  ASSERT_TRUE(opened.ok());
  ASSERT_EQ(opened->messages.size(), 1u);
  EXPECT_EQ(opened->messages[0].type, MessageType::user);
  EXPECT_EQ(to_hex(opened->messages[0].body), to_hex(serf));
}

TEST(MessagesGolden, StreamUserMessagesPutALengthHeaderBeforeThePayload) {
  Bytes out;
  encode_user_stream(hex("aabb"), out);
  EXPECT_EQ(to_hex(out), "0881aa557365724d73674c656e02aabb");
  auto payload = decode_user_stream(body_of(out));
  ASSERT_TRUE(payload.ok());
  EXPECT_EQ(to_hex(*payload), "aabb");
}

TEST(MessagesGolden, CompressWrapsLzwInAlgoAndBuf) {
  const Bytes msg = hex("02 82 a7 5061796c6f6164 c0 a5 5365714e6f 01");
  const Bytes c = compress_message(msg);
  const Bytes lzw = lzw_compress(msg);
  Bytes expected = hex("09 82 a4 416c676f 00 a3 427566");
  expected.push_back(static_cast<std::uint8_t>(0xa0 | lzw.size()));
  expected.insert(expected.end(), lzw.begin(), lzw.end());
  EXPECT_EQ(to_hex(c), to_hex(expected));
}

TEST(MessagesGolden, DecodersIgnoreBytesAfterTheMap) {
  const Bytes body = hex("81 a5 5365714e6f 05 ffff");
  auto nack = decode_nack(body);
  ASSERT_TRUE(nack.ok());
  EXPECT_EQ(nack->seq_no, 5u);
}

TEST(MessagesGolden, DecodersAcceptOtherEncodingsOfTheSameValues) {
  // Keys out of order, str8 keys, bin addresses, a uint16 written as uint64, an extra key.
  const Bytes body =
      hex("86 d9 04 506f7274 cf 0000000000001f0a a4 4e6f6465 a1 61 a5 4578747261 92 01 02"
          " a4 41646472 c4 04 0a000001 ab 496e6361726e6174696f6e d0 09 a3 56736e c4 02 0105");
  auto alive = decode_alive(body);
  ASSERT_TRUE(alive.ok()) << to_string(alive.error());
  EXPECT_EQ(alive->port, 7946);
  EXPECT_EQ(alive->node, "a");
  EXPECT_EQ(alive->addr, kNodeAIp);
  EXPECT_EQ(alive->incarnation, 9u);
  EXPECT_EQ(alive->vsn, (Vsn{1, 5}));
  EXPECT_TRUE(alive->meta.empty());
}

TEST(MessagesGolden, AddressesOfOtherThan0Or4Or16BytesAreBadValue) {
  for (int len : {1, 3, 5, 7, 15, 17}) {
    Bytes body = hex("81 a4 41646472");
    body.push_back(static_cast<std::uint8_t>(0xa0 | len));
    body.insert(body.end(), static_cast<std::size_t>(len), 1);
    EXPECT_EQ(decode_alive(body).error(), Error::bad_value) << len;
  }
  const Bytes v6 = hex("81 a4 41646472 b0 00000000000000000000000000000001");
  auto alive = decode_alive(v6);
  ASSERT_TRUE(alive.ok());
  EXPECT_EQ(alive->addr.len, 16);
  EXPECT_EQ(alive->addr.to_string(), "::1");
}

TEST(MessagesGolden, MessageTypesHaveNames) {
  EXPECT_STREQ(to_string(MessageType::ping), "ping");
  EXPECT_STREQ(to_string(MessageType::has_label), "has_label");
  EXPECT_STREQ(to_string(static_cast<MessageType>(200)), "unknown");
  EXPECT_STREQ(to_string(Error::bad_crc), "bad_crc");
}

}  // namespace
}  // namespace rumor::codec::test
