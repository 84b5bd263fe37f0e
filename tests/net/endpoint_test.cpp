// Parsing the addresses library users type, and mapping Asio addresses to wire ones.
#include "net/endpoint.hpp"

#include <gtest/gtest.h>

namespace rumor::net {
namespace {

TEST(ParseAddress, Ipv4WithAndWithoutPort) {
  auto a = parse_address("127.0.0.1:8000", 7946);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->to_string(), "127.0.0.1:8000");
  auto b = parse_address("10.1.2.3", 7946);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->port, 7946);
}

TEST(ParseAddress, Ipv6BracketedAndBare) {
  auto a = parse_address("[::1]:8000", 7946);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->ip.len, 16);
  EXPECT_EQ(a->port, 8000);
  auto b = parse_address("fe80::1", 7946);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->port, 7946);
}

TEST(ParseAddress, RejectsJunk) {
  EXPECT_FALSE(parse_address("", 1));
  EXPECT_FALSE(parse_address("1.2.3.4:port", 1));
  EXPECT_FALSE(parse_address("1.2.3.4:99999", 1));
  EXPECT_FALSE(parse_address("[::1", 1));
  EXPECT_FALSE(parse_address("not-an-ip:80", 1));
}

TEST(ToIp, V4MappedV6BecomesV4) {
  const auto mapped = asio::ip::make_address("::ffff:127.0.0.1");
  const Ip ip = to_ip(mapped);
  EXPECT_EQ(ip.len, 4);
  EXPECT_EQ(ip, Ip::v4(127, 0, 0, 1));
  EXPECT_EQ(to_asio(ip).to_string(), "127.0.0.1");
}

}  // namespace
}  // namespace rumor::net
