// Compound messages: layout, grouping by 255, and splitting as memberlist splits them.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "codec/packet.hpp"
#include "test_support.hpp"

namespace rumor::codec::test {
namespace {

std::vector<ByteView> views(const std::vector<Bytes>& msgs) {
  return std::vector<ByteView>(msgs.begin(), msgs.end());
}

TEST(Compound, LayoutIsTypeCountBigEndianLengthsThenParts) {
  const std::vector<Bytes> msgs{hex("0a0b"), hex("0c"), Bytes(300, 0xee)};
  Bytes out{0x55};  // appends after existing bytes
  append_compound(views(msgs), out);
  EXPECT_EQ(to_hex(ByteView(out).first(12)),
            "550703"
            "0002"
            "0001"
            "012c"
            "0a0b0c");
  EXPECT_EQ(out.size(), 1 + 2 + 6 + 3 + 300u);
}

TEST(Compound, NoMessagesMakeNoPackets) {
  EXPECT_TRUE(make_compounds({}).empty());
}

TEST(Compound, ASingleMessageGoesOutBare) {
  const auto out = make_compounds({hex("0001")});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(to_hex(out[0]), "0001");
}

TEST(Compound, UpTo255MessagesShareOneCompound) {
  const std::vector<Bytes> msgs(255, hex("0801"));
  const auto out = make_compounds(msgs);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0][0], 7);
  EXPECT_EQ(out[0][1], 255);
}

TEST(Compound, MessagesBeyond255StartAnotherGroupAndALoneRemainderGoesBare) {
  const std::vector<Bytes> msgs(256, hex("0801"));
  const auto out = make_compounds(msgs);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0][1], 255);
  EXPECT_EQ(to_hex(out[1]), "0801");
  const auto two_groups = make_compounds(std::vector<Bytes>(257, hex("0801")));
  ASSERT_EQ(two_groups.size(), 2u);
  EXPECT_EQ(two_groups[1][0], 7);
  EXPECT_EQ(two_groups[1][1], 2);
}

TEST(Compound, AMessageTooLongForAU16LengthGoesOutAloneInOrder) {
  const std::vector<Bytes> msgs{hex("01"), hex("02"), Bytes(70000, 8), hex("03")};
  const auto out = make_compounds(msgs);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(to_hex(ByteView(out[0]).first(2)), "0702");
  EXPECT_EQ(out[1].size(), 70000u);
  EXPECT_EQ(to_hex(out[2]), "03");
}

TEST(Compound, SplitReturnsTheParts) {
  const Bytes body = hex("02 0001 0002 aa bbcc");
  auto parts = split_compound(body);
  ASSERT_TRUE(parts.ok());
  ASSERT_EQ(parts->parts.size(), 2u);
  EXPECT_EQ(to_hex(parts->parts[0]), "aa");
  EXPECT_EQ(to_hex(parts->parts[1]), "bbcc");
  EXPECT_EQ(parts->truncated, 0u);
}

TEST(Compound, SplitKeepsThePartsBeforeATruncationAndCountsTheRest) {
  const Bytes body = hex("03 0001 0005 0001 aa bbcc");
  auto parts = split_compound(body);
  ASSERT_TRUE(parts.ok());
  ASSERT_EQ(parts->parts.size(), 1u);
  EXPECT_EQ(to_hex(parts->parts[0]), "aa");
  EXPECT_EQ(parts->truncated, 2u);
}

TEST(Compound, SplitIgnoresBytesAfterTheLastPart) {
  const Bytes body = hex("01 0001 aa ffff");
  auto parts = split_compound(body);
  ASSERT_TRUE(parts.ok());
  ASSERT_EQ(parts->parts.size(), 1u);
  EXPECT_EQ(to_hex(parts->parts[0]), "aa");
}

TEST(Compound, AMissingCountOrCutLengthTableIsBadCompound) {
  EXPECT_EQ(split_compound({}).error(), Error::bad_compound);
  EXPECT_EQ(split_compound(hex("02 0001 00")).error(), Error::bad_compound);
}

TEST(Compound, ZeroLengthPartsAreKeptAsEmptyParts) {
  const Bytes body = hex("02 0000 0001 aa");
  auto parts = split_compound(body);
  ASSERT_TRUE(parts.ok());
  ASSERT_EQ(parts->parts.size(), 2u);
  EXPECT_TRUE(parts->parts[0].empty());
}

RC_GTEST_PROP(Compound, SplitUndoesMake, (const std::vector<Bytes>& msgs)) {
  RC_PRE(msgs.size() >= 2u);
  std::vector<Bytes> flat;
  for (const Bytes& packet : make_compounds(msgs)) {
    RC_ASSERT(packet.size() > 0u);
    if (packet.size() >= 2 && packet[0] == 7 && packet.size() != msgs[flat.size()].size()) {
      auto parts = split_compound(ByteView(packet).subspan(1));
      RC_ASSERT(parts.ok());
      RC_ASSERT(parts->truncated == 0u);
      for (ByteView p : parts->parts) flat.emplace_back(p.begin(), p.end());
    } else {
      flat.push_back(packet);
    }
  }
  RC_ASSERT(flat == msgs);
}

RC_GTEST_PROP(Compound, SplitNeverReadsOutsideTheBody, (const Bytes& body)) {
  auto parts = split_compound(body);
  if (!parts.ok()) return;
  for (ByteView p : parts->parts) {
    RC_ASSERT(p.data() >= body.data());
    RC_ASSERT(p.data() + p.size() <= body.data() + body.size());
  }
}

}  // namespace
}  // namespace rumor::codec::test
