// The bounded inbound packet queue: it never grows past its limit, counts every drop by
// reason, and keeps packets carrying alive messages in preference to others.
#include "net/inbound_queue.hpp"

#include <gtest/gtest.h>

#include "codec/messages.hpp"
#include "codec/packet.hpp"

namespace rumor::net {
namespace {

Bytes alive_msg() {
  Bytes b;
  codec::encode(codec::Alive{1, "a", Ip::v4(127, 0, 0, 1), 7946, {}, {1, 5, 2, 0, 0, 0}}, b);
  return b;
}
Bytes ping_msg() {
  Bytes b;
  codec::encode(codec::Ping{1, "b", {}, {}, 0}, b);
  return b;
}

TEST(PacketCarriesAlive, PlainAliveAndPlainPing) {
  EXPECT_TRUE(packet_carries_alive(alive_msg()));
  EXPECT_FALSE(packet_carries_alive(ping_msg()));
  EXPECT_FALSE(packet_carries_alive(Bytes{}));
}

TEST(PacketCarriesAlive, LooksInsideLabelCrcAndCompound) {
  const auto compounds = codec::make_compounds({ping_msg(), ping_msg(), alive_msg()});
  ASSERT_EQ(compounds.size(), 1u);
  codec::SealOptions opt;
  opt.label = "prod";
  opt.crc = true;
  EXPECT_TRUE(packet_carries_alive(codec::seal_packet(compounds[0], opt)));
  const auto pings = codec::make_compounds({ping_msg(), ping_msg()});
  EXPECT_FALSE(packet_carries_alive(codec::seal_packet(pings[0], opt)));
}

TEST(PacketCarriesAlive, TruncatedCompoundIsNotReadPastItsEnd) {
  Bytes b{7, 3, 0, 5};  // claims 3 parts, has one length
  EXPECT_FALSE(packet_carries_alive(b));
}

TEST(InboundQueue, DropsNewPacketsWithoutAliveWhenFull) {
  InboundQueue q(2);
  const Address from{Ip::v4(127, 0, 0, 1), 1};
  EXPECT_TRUE(q.push(from, ping_msg()));
  EXPECT_TRUE(q.push(from, ping_msg()));
  EXPECT_FALSE(q.push(from, ping_msg()));
  EXPECT_EQ(q.size(), 2u);
  EXPECT_EQ(q.stats().dropped[static_cast<std::size_t>(QueueDrop::full)], 1u);
}

TEST(InboundQueue, AliveEvictsTheOldestPacketWithoutAlive) {
  InboundQueue q(2);
  const Address a{Ip::v4(127, 0, 0, 1), 1}, b{Ip::v4(127, 0, 0, 1), 2};
  q.push(a, ping_msg());
  q.push(b, ping_msg());
  EXPECT_TRUE(q.push(a, alive_msg()));
  EXPECT_EQ(q.stats().dropped[static_cast<std::size_t>(QueueDrop::evicted)], 1u);
  auto first = q.pop();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->from, b);  // the oldest (from a) went
  auto second = q.pop();
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->alive);
}

TEST(InboundQueue, AliveIsDroppedOnlyWhenEverythingQueuedIsAlive) {
  InboundQueue q(1);
  const Address a{Ip::v4(127, 0, 0, 1), 1};
  q.push(a, alive_msg());
  EXPECT_FALSE(q.push(a, alive_msg()));
  EXPECT_EQ(q.stats().dropped[static_cast<std::size_t>(QueueDrop::full_alive)], 1u);
  EXPECT_EQ(q.stats().dropped_total(), 1u);
}

TEST(InboundQueue, DefaultLimitIsMemberlistsHandoffDepth) {
  InboundQueue q;
  EXPECT_EQ(q.limit(), 1024u);
  const Address a{Ip::v4(127, 0, 0, 1), 1};
  for (int i = 0; i < 2000; ++i) q.push(a, ping_msg());
  EXPECT_EQ(q.size(), 1024u);
  EXPECT_EQ(q.stats().high_water, 1024u);
  EXPECT_EQ(q.stats().dropped_total(), 2000u - 1024u);
}

}  // namespace
}  // namespace rumor::net
