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

}  // namespace
}  // namespace rumor::codec::test
