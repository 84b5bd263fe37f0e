// Sealing and opening packets and streams: every option combination round trips, and
// each outer layer refuses what memberlist refuses.
#include "codec/packet.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "generators.hpp"
#include "test_support.hpp"

namespace rumor::codec::test {
namespace {

const Bytes kAck = encoded(Ack{.seq_no = 1, .payload = {}});

Bytes compound_of(const std::vector<Bytes>& msgs) {
  Bytes out;
  append_compound(std::vector<ByteView>(msgs.begin(), msgs.end()), out);
  return out;
}

std::vector<Bytes> messages_of(const OpenedPacket& p) {
  std::vector<Bytes> out;
  for (const PacketMessage& m : p.messages) {
    Bytes b{static_cast<std::uint8_t>(m.type)};
    b.insert(b.end(), m.body.begin(), m.body.end());
    out.push_back(std::move(b));
  }
  return out;
}

RC_GTEST_PROP(Packet, EveryOptionCombinationRoundTrips, ()) {
  const auto msgs =
      *rc::gen::nonEmpty(rc::gen::container<std::vector<Bytes>>(any_encoded_message()));
  const bool crc = *rc::gen::arbitrary<bool>();
  const bool compress = *rc::gen::arbitrary<bool>();
  const std::string label = *rc::gen::oneOf(
      rc::gen::just(std::string()),
      rc::gen::nonEmpty(rc::gen::container<std::string>(rc::gen::inRange<char>('a', 'z'))));
  RC_PRE(label.size() <= kMaxLabelBytes);
  std::vector<Bytes> all;
  for (const Bytes& wire_msg : make_compounds(msgs)) {
    const Bytes packet = seal_packet(wire_msg, {.label = label, .crc = crc, .compress = compress});
    auto opened = open_packet(packet, label);
    RC_ASSERT(opened.ok());
    RC_ASSERT(opened->label == label);
    RC_ASSERT(opened->dropped_parts == 0u);
    for (Bytes& m : messages_of(*opened)) all.push_back(std::move(m));
  }
  RC_ASSERT(all == msgs);
}

TEST(Packet, SealingAddsLabelThenCrcThenTheMessage) {
  const Bytes packet = seal_packet(kAck, {.label = "xy", .crc = true, .compress = false});
  Bytes expected = hex("f4 02 7879 0c");
  const std::uint32_t crc = crc32_ieee(kAck);
  for (int shift = 24; shift >= 0; shift -= 8)
    expected.push_back(static_cast<std::uint8_t>(crc >> shift));
  expected.insert(expected.end(), kAck.begin(), kAck.end());
  EXPECT_EQ(to_hex(packet), to_hex(expected));
  EXPECT_EQ(packet.size(), label_overhead("xy") + kCrcOverhead + kAck.size());
}

TEST(Packet, CompressionIsUsedOnlyWhenItMakesThePacketSmaller) {
  const Bytes tiny = seal_packet(kAck, {.label = {}, .crc = false, .compress = true});
  EXPECT_EQ(tiny, kAck);
  const Bytes big_msg = encoded(Ack{.seq_no = 1, .payload = Bytes(600, 'a')});
  const Bytes big = seal_packet(big_msg, {.label = {}, .crc = false, .compress = true});
  EXPECT_EQ(big[0], static_cast<std::uint8_t>(MessageType::compress));
  EXPECT_LT(big.size(), big_msg.size());
}

TEST(Packet, LabelOverheadIsTwoPlusTheLabel) {
  EXPECT_EQ(label_overhead(""), 0u);
  EXPECT_EQ(label_overhead("abc"), 5u);
}

TEST(Packet, AWrongLabelIsBadLabel) {
  const Bytes packet = seal_packet(kAck, {.label = "blue", .crc = true, .compress = false});
  EXPECT_EQ(open_packet(packet, "red").error(), Error::bad_label);
  EXPECT_EQ(open_packet(packet, "").error(), Error::bad_label);
  EXPECT_TRUE(open_packet(packet, "blue").ok());
}

TEST(Packet, AMissingLabelWhenOneIsExpectedIsBadLabel) {
  EXPECT_EQ(open_packet(kAck, "blue").error(), Error::bad_label);
}

TEST(Packet, AMalformedLabelHeaderIsBadLabel) {
  EXPECT_EQ(open_packet(hex("f4"), "").error(), Error::bad_label);
  EXPECT_EQ(open_packet(hex("f4 00 02"), "").error(), Error::bad_label);  // empty label
  EXPECT_EQ(open_packet(hex("f4 05 6162"), "ab").error(), Error::bad_label);
}

TEST(Packet, ACorruptedByteAnywhereUnderTheCrcIsBadCrc) {
  const Bytes packet = seal_packet(kAck, {.label = {}, .crc = true, .compress = false});
  for (std::size_t i = 1; i < packet.size(); ++i) {
    Bytes bad = packet;
    bad[i] ^= 0x20;
    EXPECT_EQ(open_packet(bad, "").error(), Error::bad_crc) << i;
  }
}

TEST(Packet, ACrcHeaderShorterThanFiveBytesIsTruncated) {
  EXPECT_EQ(open_packet(hex("0c 0102"), "").error(), Error::truncated);
}

TEST(Packet, AnEmptyPacketIsTruncated) {
  EXPECT_EQ(open_packet({}, "").error(), Error::truncated);
  EXPECT_EQ(open_packet(hex("f4 01 61"), "a").error(), Error::truncated);
}

TEST(Packet, UnknownTypesAreHandedOverAsMessages) {
  const Bytes packet = hex("63 0102");
  auto opened = open_packet(packet, "");
  ASSERT_TRUE(opened.ok());
  ASSERT_EQ(opened->messages.size(), 1u);
  EXPECT_EQ(static_cast<int>(opened->messages[0].type), 0x63);
  EXPECT_EQ(to_hex(opened->messages[0].body), "0102");
}

TEST(Packet, ACrcHeaderInsideACompoundIsNotUnwrapped) {
  // memberlist verifies the CRC only as the outermost layer; inside, [12] is just a type.
  const Bytes inner = seal_packet(kAck, {.label = {}, .crc = true, .compress = false});
  auto opened = open_packet(compound_of({inner, kAck}), "");
  ASSERT_TRUE(opened.ok());
  ASSERT_EQ(opened->messages.size(), 2u);
  EXPECT_EQ(opened->messages[0].type, MessageType::has_crc);
  EXPECT_EQ(opened->messages[1].type, MessageType::ack);
}

TEST(Packet, CompressedAndCompoundLayersNestUpToTheLimit) {
  Bytes msg = kAck;
  for (int depth = 0; depth < kMaxPacketNesting; ++depth) {
    msg = depth % 2 == 0 ? compress_message(msg) : compound_of({msg, kAck});
  }
  auto opened = open_packet(msg, "");
  ASSERT_TRUE(opened.ok()) << to_string(opened.error());
  EXPECT_EQ(opened->messages.size(), 3u);
  EXPECT_EQ(opened->dropped_parts, 0u);
}

TEST(Packet, NestingBeyondTheLimitIsTooDeep) {
  Bytes msg = kAck;
  for (int depth = 0; depth <= kMaxPacketNesting; ++depth) msg = compress_message(msg);
  EXPECT_EQ(open_packet(msg, "").error(), Error::too_deep);
}

TEST(Packet, NestingBeyondTheLimitInsideACompoundDropsThatPart) {
  Bytes deep = kAck;
  for (int depth = 0; depth < kMaxPacketNesting; ++depth) deep = compress_message(deep);
  auto opened = open_packet(compound_of({deep, kAck}), "");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->dropped_parts, 1u);
  ASSERT_EQ(opened->messages.size(), 1u);
  EXPECT_EQ(opened->messages[0].type, MessageType::ack);
}

TEST(Packet, ABadCompressedPartIsDroppedAndTheOthersKept) {
  Bytes broken = compress_message(kAck);
  broken.resize(broken.size() - 2);  // Buf now claims more than it has
  auto opened = open_packet(compound_of({kAck, broken, hex("")}), "");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->dropped_parts, 2u);  // the broken part and the empty one
  ASSERT_EQ(opened->messages.size(), 1u);
}

TEST(Packet, ABadCompressedOuterLayerFailsThePacket) {
  Bytes bad = compress_message(kAck);
  bad[7] = 1;  // Algo 1: not LZW
  ASSERT_EQ(to_hex(ByteView(bad).first(8)), "0982a4416c676f01");
  EXPECT_EQ(open_packet(bad, "").error(), Error::bad_compression);
}

TEST(Packet, ATruncatedCompoundKeepsThePartsItCouldRead) {
  Bytes c = compound_of({kAck, kAck, kAck});
  c.resize(c.size() - 1);
  auto opened = open_packet(c, "");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->messages.size(), 2u);
  EXPECT_EQ(opened->dropped_parts, 1u);
}

TEST(Packet, ABrokenOuterCompoundFailsThePacket) {
  EXPECT_EQ(open_packet(hex("07"), "").error(), Error::bad_compound);
  EXPECT_EQ(open_packet(hex("07 02 0001"), "").error(), Error::bad_compound);
}

TEST(Packet, DecompressedBytesAreLimitedPerPacketNotPerLayer) {
  // Two parts that each inflate to 21 MiB: together they pass kMaxDecompressed.
  const Bytes big = compress_message(Bytes(21u << 20, 0x08));
  ASSERT_LT(big.size(), 30000u);
  auto opened = open_packet(compound_of({big, big}), "");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->messages.size(), 1u);
  EXPECT_EQ(opened->dropped_parts, 1u);
}

TEST(Packet, MessageBodiesStayValidWhenTheResultIsMoved) {
  const Bytes packet = compress_message(compound_of({kAck, encoded(Nack{.seq_no = 9})}));
  auto opened = open_packet(packet, "");
  ASSERT_TRUE(opened.ok());
  OpenedPacket moved = std::move(*opened);
  ASSERT_EQ(moved.messages.size(), 2u);
  auto nack = decode_nack(moved.messages[1].body);
  ASSERT_TRUE(nack.ok());
  EXPECT_EQ(nack->seq_no, 9u);
}

// ---- streams -------------------------------------------------------------------------

RC_GTEST_PROP(Stream, SealThenOpenGivesTheMessageBack, (const PushPull& pp, bool compress)) {
  const std::string label = *rc::gen::element(std::string(), std::string("dc1"));
  const Bytes msg = encoded(pp);
  const Bytes stream = seal_stream(msg, label, compress);
  auto opened = open_stream(stream, label);
  RC_ASSERT(opened.ok());
  RC_ASSERT(opened->type == MessageType::push_pull);
  auto back = decode_push_pull(opened->body);
  RC_ASSERT(back.ok());
  RC_ASSERT(*back == pp);
}

TEST(Stream, CompressionIsUnconditionalOnStreams) {
  const Bytes stream = seal_stream(kAck, "", true);
  EXPECT_EQ(stream[0], static_cast<std::uint8_t>(MessageType::compress));
}

TEST(Stream, TheLabelComesFirst) {
  const Bytes stream = seal_stream(kAck, "dc1", true);
  EXPECT_EQ(to_hex(ByteView(stream).first(6)),
            "f403646331"
            "09");
  EXPECT_EQ(open_stream(stream, "").error(), Error::bad_label);
  EXPECT_EQ(open_stream(seal_stream(kAck, "", false), "dc1").error(), Error::bad_label);
}

TEST(Stream, AnEncryptedStreamWithoutAKeyringIsUndecryptable) {
  // memberlist: "Remote state is encrypted and encryption is not configured".
  EXPECT_EQ(open_stream(hex("0a 00000010 01"), "").error(), Error::undecryptable);
}

TEST(Stream, EmptyStreamsAndEmptyCompressedMessagesAreTruncated) {
  EXPECT_EQ(open_stream({}, "").error(), Error::truncated);
  EXPECT_EQ(open_stream(compress_message({}), "").error(), Error::truncated);
}

TEST(Stream, BodiesStayValidWhenTheResultIsMoved) {
  auto opened = open_stream(seal_stream(encoded(Nack{.seq_no = 4}), "", true), "");
  ASSERT_TRUE(opened.ok());
  OpenedStream moved = std::move(*opened);
  auto nack = decode_nack(moved.body);
  ASSERT_TRUE(nack.ok());
  EXPECT_EQ(nack->seq_no, 4u);
}

}  // namespace
}  // namespace rumor::codec::test
