// CRC-32/IEEE matches the standard check value, Go's crc32.ChecksumIEEE, and the plain
// bit-at-a-time definition for every length and alignment.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "codec/packet.hpp"
#include "test_support.hpp"

namespace rumor::codec::test {
namespace {

// The definition, one bit at a time, to check the table-driven version against.
std::uint32_t crc32_by_bits(ByteView data) {
  std::uint32_t c = 0xffffffffu;
  for (std::uint8_t b : data) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c & 1u) ? (c >> 1) ^ 0xedb88320u : c >> 1;
  }
  return c ^ 0xffffffffu;
}

TEST(Crc32, MatchesTheStandardCheckValue) {
  EXPECT_EQ(crc32_ieee(as_bytes("123456789")), 0xcbf43926u);
}

TEST(Crc32, OfNothingIsZero) {
  EXPECT_EQ(crc32_ieee({}), 0u);
}

TEST(Crc32, MatchesAPacketCapturedFromGo) {
  // beta's leave intent as sent by serf: [12][crc][user message].
  const Bytes packet = hex("0c 54cd3b76 080083a54c54696d6502a44e6f6465a462657461a55072756e65c2");
  EXPECT_EQ(crc32_ieee(ByteView(packet).subspan(5)), 0x54cd3b76u);
}

RC_GTEST_PROP(Crc32, MatchesTheBitwiseDefinitionAtEveryLengthAndOffset, (const Bytes& data)) {
  const auto offset = *rc::gen::inRange<std::size_t>(0, data.size() + 1);
  const ByteView view = ByteView(data).subspan(offset);
  RC_ASSERT(crc32_ieee(view) == crc32_by_bits(view));
}

TEST(Crc32, EveryLengthUpToThreePacketsAtEveryAlignmentMatchesTheDefinition) {
  // Lengths of 64 and more take the carry-less multiply path where the CPU has it; the
  // sizes around each 16- and 64-byte boundary and the offsets exercise its remainders.
  Bytes data(4200 + 16);
  std::uint32_t x = 12345;
  for (auto& b : data) b = static_cast<std::uint8_t>((x = x * 1103515245u + 12345u) >> 16);
  for (std::size_t offset = 0; offset < 16; offset += 5) {
    for (std::size_t len = 0; len <= 4200; len += (len < 300 ? 1 : 37)) {
      const ByteView v = ByteView(data).subspan(offset, len);
      ASSERT_EQ(crc32_ieee(v), crc32_by_bits(v)) << "length " << len << ", offset " << offset;
      ASSERT_EQ(crc32_ieee_portable(v), crc32_by_bits(v)) << "length " << len;
    }
  }
}

RC_GTEST_PROP(Crc32, LongInputsMatchTheDefinition, ()) {
  const auto data = *rc::gen::container<Bytes>(*rc::gen::inRange<std::size_t>(64, 3000),
                                                rc::gen::arbitrary<std::uint8_t>());
  RC_ASSERT(crc32_ieee(data) == crc32_by_bits(data));
}

}  // namespace
}  // namespace rumor::codec::test
