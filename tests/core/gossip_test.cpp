// Dissemination: gossip rounds, piggybacking, the packet budget and fair sharing.
#include <gtest/gtest.h>

#include <set>

#include "harness.hpp"

using namespace rumor;
using namespace rumor::testing;
using codec::MessageType;

TEST(Gossip, NewsGoesToGossipNodesPeersEachRound) {
  NodeFixture f(10);
  f.inject(codec::Suspect{1, "n5", "n3"});
  f.clear();
  f.advance(f.node.config().gossip_interval);
  std::set<Address> peers;
  for (const auto& m : of_type(f.sent(), MessageType::suspect)) peers.insert(m.to);
  EXPECT_EQ(peers.size(), 3u);
}

TEST(Gossip, EveryPacketStaysWithinTheBudget) {
  NodeFixture f(60);  // 60 alive messages queued by the fixture, then cleared; queue more:
  for (int i = 2; i < 62; ++i) f.inject(codec::Suspect{1, "n" + std::to_string(i), "x"});
  f.advance(10s);
  ASSERT_FALSE(f.fx.packets.empty());
  for (const auto& p : f.fx.packets) EXPECT_LE(p.bytes.size(), f.node.config().packet_budget);
}

TEST(Gossip, UserBroadcastsAreNotStarvedByMembershipNews) {
  // Fill the membership queue with far more than a packet holds, then queue one user
  // broadcast: the very next gossip packet must carry it (memberlist#299).
  NodeFixture f(200);
  for (int i = 2; i < 202; ++i) f.inject(codec::Suspect{1, "n" + std::to_string(i), "x"});
  f.clear();
  const Bytes event(100, 0xAB);  // larger than the gaps membership news leaves
  f.node.broadcast(event);
  f.advance(f.node.config().gossip_interval);
  int users = 0;
  for (const auto& m : of_type(f.sent(), MessageType::user)) users += m.body == event;
  EXPECT_GE(users, 1);
}

TEST(Gossip, WithMemberlistsOrderingUserBroadcastsWaitBehindMembershipNews) {
  Config cfg = Config::lan();
  cfg.membership_share = 1.0;
  NodeFixture f(200, cfg);
  for (int i = 2; i < 202; ++i) f.inject(codec::Suspect{1, "n" + std::to_string(i), "x"});
  f.clear();
  f.node.broadcast(Bytes(100, 0xAB));
  f.advance(f.node.config().gossip_interval);
  EXPECT_TRUE(of_type(f.sent(), MessageType::user).empty());
}

TEST(Gossip, NewsIsPiggybackedOnPings) {
  NodeFixture f(3);
  f.inject(codec::Suspect{1, "n3", "n9"});
  f.clear();
  for (int i = 0; i < 30; ++i) {
    f.advance(100ms);
    for (const auto& p : f.fx.packets) {
      auto opened = codec::open_packet(p.bytes, "");
      if (!opened || opened->messages.size() < 2) continue;
      bool has_ping = false, has_news = false;
      for (const auto& m : opened->messages) {
        has_ping |= m.type == MessageType::ping;
        has_news |= m.type == MessageType::suspect || m.type == MessageType::alive;
      }
      if (has_ping && has_news) return;  // found one
    }
  }
  ADD_FAILURE() << "no ping carried queued news";
}

TEST(Gossip, AMembersOwnAliveIsNotSpentOnPacketsToIt) {
  NodeFixture f(1);
  f.inject(alive_msg("n2", 2, 2));  // news about n2; n2 is the only peer
  f.advance(2s);
  for (const auto& m : of_type(f.sent(), MessageType::alive)) {
    auto a = codec::decode_alive(m.body);
    ASSERT_TRUE(a.ok());
    EXPECT_NE(a->node, "n2") << "n2 was told its own alive";
  }
}

TEST(Gossip, NoPacketCarriesTheSameMessageTwice) {
  // With a membership share below 1 a packet is filled in two passes over the membership
  // queue; the second must not take again what the first already put in the packet.
  for (double share : {0.25, 0.5, 1.0}) {
    for (int news = 1; news <= 6; ++news) {
      Config cfg = Config::lan();
      cfg.membership_share = share;
      NodeFixture f(8, cfg);
      for (int i = 2; i < 2 + news; ++i) f.inject(codec::Suspect{1, "n" + std::to_string(i), "x"});
      f.clear();
      f.advance(5s);
      ASSERT_FALSE(f.fx.packets.empty());
      for (const auto& p : f.fx.packets) {
        auto opened = codec::open_packet(p.bytes, "");
        ASSERT_TRUE(opened.ok());
        std::set<std::string> seen;
        for (const auto& m : opened->messages) {
          std::string whole(1, static_cast<char>(m.type));
          whole.append(m.body.begin(), m.body.end());
          EXPECT_TRUE(seen.insert(whole).second)
              << "share " << share << ", " << news << " queued: a packet repeats a message";
        }
      }
    }
  }
}

// ---- eager gossip (Config::eager_gossip_interval) -----------------------------------

namespace {
// Eager gossip on; the periodic ticks and probes far apart, so only eager rounds send.
Config eager_config() {
  Config cfg = Config::lan();
  cfg.eager_gossip_interval = 200ms;
  cfg.gossip_interval = 1000s;
  cfg.probe_interval = 1000s;
  cfg.push_pull_interval = Duration::zero();
  cfg.reconnect_interval = Duration::zero();
  return cfg;
}

std::size_t carrying(const std::vector<SentMessage>& sent, const Bytes& body) {
  std::size_t n = 0;
  for (const auto& m : of_type(sent, MessageType::user)) n += m.body == body;
  return n;
}
}  // namespace

TEST(Gossip, WithEagerGossipABroadcastGoesOutAtOnceToGossipNodesPeers) {
  NodeFixture f(10, eager_config());
  f.advance(1s);  // the joins' own eager round, and its interval, are over
  f.clear();
  const Bytes event(20, 0xE1);
  f.node.broadcast(event);
  f.advance(Duration::zero());
  std::set<Address> peers;
  for (const auto& m : of_type(f.sent(), MessageType::user))
    if (m.body == event) peers.insert(m.to);
  EXPECT_EQ(peers.size(), 3u);
}

TEST(Gossip, WithoutEagerGossipABroadcastWaitsForTheTick) {
  Config cfg = eager_config();
  cfg.eager_gossip_interval = Duration::zero();
  NodeFixture f(10, cfg);
  f.advance(1s);
  f.clear();
  const Bytes event(20, 0xE2);
  f.node.broadcast(event);
  f.advance(500ms);
  EXPECT_EQ(carrying(f.sent(), event), 0u);
}

TEST(Gossip, EagerGossipRunsAtMostOneExtraRoundPerInterval) {
  NodeFixture f(10, eager_config());
  f.advance(1s);
  f.clear();
  const Bytes first(20, 0xE3), second(20, 0xE4);
  f.node.broadcast(first);
  f.advance(10ms);
  ASSERT_EQ(carrying(f.sent(), first), 3u);
  f.node.broadcast(second);  // within the interval: waits for its end, then goes out
  f.advance(180ms);
  EXPECT_EQ(carrying(f.sent(), second), 0u);
  f.advance(20ms);
  EXPECT_EQ(carrying(f.sent(), second), 3u);
  // Both were queued at the second round, so the first went out again with the second.
  EXPECT_EQ(carrying(f.sent(), first), 6u);
}

TEST(Gossip, WithEagerGossipMembershipNewsGoesOutAtOnce) {
  NodeFixture f(10, eager_config());
  f.advance(1s);
  f.clear();
  f.inject(codec::Suspect{1, "n5", "n3"});
  f.advance(Duration::zero());
  EXPECT_GE(of_type(f.sent(), MessageType::suspect).size(), 3u);
}

TEST(Gossip, EagerSendsCountAgainstTheRetransmitLimit) {
  // A message goes out retransmit_limit times in all, eager rounds included.
  Config cfg = eager_config();
  cfg.gossip_interval = 200ms;
  NodeFixture f(10, cfg);
  f.advance(30s);
  f.clear();
  const Bytes event(20, 0xE5);
  f.node.broadcast(event);
  f.advance(30s);
  EXPECT_EQ(carrying(f.sent(), event),
            static_cast<std::size_t>(f.node.config().retransmit_limit(11)));
}
