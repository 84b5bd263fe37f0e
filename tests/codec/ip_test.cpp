// Addresses print as dotted quads and RFC 5952 IPv6 text.
#include "codec/ip.hpp"

#include <gtest/gtest.h>

namespace rumor {
namespace {

Ip v6(std::initializer_list<std::uint16_t> groups) {
  Ip ip;
  ip.len = 16;
  int i = 0;
  for (std::uint16_t g : groups) {
    ip.bytes[static_cast<std::size_t>(i++)] = static_cast<std::uint8_t>(g >> 8);
    ip.bytes[static_cast<std::size_t>(i++)] = static_cast<std::uint8_t>(g);
  }
  return ip;
}

TEST(Ip, Ipv4IsADottedQuad) {
  EXPECT_EQ(Ip::v4(10, 0, 0, 255).to_string(), "10.0.0.255");
}

TEST(Ip, AnAbsentAddressIsEmptyText) {
  EXPECT_EQ(Ip{}.to_string(), "");
}

TEST(Ip, Ipv6CompressesTheLongestZeroRunInLowercaseHex) {
  EXPECT_EQ(v6({0, 0, 0, 0, 0, 0, 0, 1}).to_string(), "::1");
  EXPECT_EQ(v6({0, 0, 0, 0, 0, 0, 0, 0}).to_string(), "::");
  EXPECT_EQ(v6({0x2001, 0xdb8, 0, 0, 0, 0, 0, 1}).to_string(), "2001:db8::1");
  EXPECT_EQ(v6({1, 0, 0, 0, 0, 0, 0, 0}).to_string(), "1::");
  EXPECT_EQ(v6({0xfe80, 0, 0, 0, 0xabcd, 0, 0, 1}).to_string(), "fe80::abcd:0:0:1");
}

TEST(Ip, Ipv6CompressesTheFirstOfEqualRunsAndNeverASingleZero) {
  EXPECT_EQ(v6({0x2001, 0xdb8, 0, 0, 1, 0, 0, 1}).to_string(), "2001:db8::1:0:0:1");
  EXPECT_EQ(v6({0x2001, 0xdb8, 0, 1, 1, 1, 1, 1}).to_string(), "2001:db8:0:1:1:1:1:1");
}

TEST(Ip, Ipv4MappedIpv6KeepsTheMappedPrefix) {
  EXPECT_EQ(v6({0, 0, 0, 0, 0, 0xffff, 0x0a00, 0x0001}).to_string(), "::ffff:10.0.0.1");
}

TEST(Address, BracketsIpv6AndAppendsThePort) {
  EXPECT_EQ((Address{Ip::v4(127, 0, 0, 1), 7946}).to_string(), "127.0.0.1:7946");
  EXPECT_EQ((Address{v6({0, 0, 0, 0, 0, 0, 0, 1}), 7946}).to_string(), "[::1]:7946");
}

TEST(Ip, AddressesCompareByValue) {
  EXPECT_EQ(Ip::v4(1, 2, 3, 4), Ip::v4(1, 2, 3, 4));
  EXPECT_LT(Ip::v4(1, 2, 3, 4), Ip::v4(1, 2, 3, 5));
}

}  // namespace
}  // namespace rumor
