// SWIM probing with Lifeguard, driven message by message.
#include <gtest/gtest.h>

#include "harness.hpp"

using namespace rumor;
using namespace rumor::testing;
using codec::MessageType;

namespace {
// Advance until the node pings someone; returns that ping.
std::optional<std::pair<Address, codec::Ping>> next_ping(NodeFixture& f) {
  for (int i = 0; i < 50; ++i) {
    f.advance(100ms);
    for (const auto& m : of_type(f.sent(), MessageType::ping)) {
      auto p = codec::decode_ping(m.body);
      if (p) return std::make_pair(m.to, *p);
    }
  }
  return std::nullopt;
}
}  // namespace

TEST(Probe, APingCarriesTheTargetsNameAndOurReturnAddress) {
  NodeFixture f(1);
  auto ping = next_ping(f);
  ASSERT_TRUE(ping);
  EXPECT_EQ(ping->first, addr_of(2));
  EXPECT_EQ(ping->second.node, "n2");
  EXPECT_EQ(ping->second.source_node, "self");
  EXPECT_EQ(ping->second.source_addr, addr_of(1).ip);
  EXPECT_EQ(ping->second.source_port, 7946);
}

TEST(Probe, AnAckedProbeKeepsTheTargetAliveAndImprovesOurHealth) {
  NodeFixture f(1);
  f.inject(codec::Suspect{1, "self", "n2"});  // a refutation: score 1
  ASSERT_EQ(f.node.health_score(), 1);
  auto ping = next_ping(f);
  ASSERT_TRUE(ping);
  f.inject(codec::Ack{ping->second.seq_no, {}});
  EXPECT_EQ(f.node.health_score(), 0);
  f.advance(1s);  // the next round has started but not yet failed
  EXPECT_EQ(f.node.member("n2")->state, MemberState::alive);
  EXPECT_EQ(f.node.stats().probe_failures, 0u);
}

TEST(Probe, WithoutAnAckTheNodeAsksOthersToProbeIndirectlyAndTriesTcp) {
  NodeFixture f(4);
  auto ping = next_ping(f);
  ASSERT_TRUE(ping);
  const std::string target = ping->second.node;
  f.clear();
  f.advance(f.node.config().probe_timeout);
  auto reqs = of_type(f.sent(), MessageType::indirect_ping);
  EXPECT_EQ(reqs.size(), 3u) << "IndirectChecks = 3 peers asked";
  for (const auto& r : reqs) {
    auto req = codec::decode_indirect_ping(r.body);
    ASSERT_TRUE(req.ok());
    EXPECT_EQ(req->node, target);
    EXPECT_EQ(req->seq_no, ping->second.seq_no);
    EXPECT_TRUE(req->nack);
    EXPECT_NE(r.to, ping->first) << "the target is never asked to probe itself";
  }
  int fallbacks = 0;
  for (const auto& s : f.fx.streams) fallbacks += s.to == ping->first;
  EXPECT_EQ(fallbacks, 1) << "TCP fallback ping";
}

TEST(Probe, AnIndirectAckSavesTheTarget) {
  NodeFixture f(4);
  auto ping = next_ping(f);
  ASSERT_TRUE(ping);
  f.advance(f.node.config().probe_timeout);
  f.inject(codec::Ack{ping->second.seq_no, {}}, 3);  // relayed by another member
  f.advance(2s);
  EXPECT_EQ(f.node.member(ping->second.node)->state, MemberState::alive);
}

TEST(Probe, ASilentTargetBecomesSuspectAndMissingNacksRaiseOurHealthScore) {
  NodeFixture f(4);
  auto ping = next_ping(f);
  ASSERT_TRUE(ping);
  f.advance(1s);  // interval (score 0): the round ends, nobody answered
  EXPECT_EQ(f.node.member(ping->second.node)->state, MemberState::suspect);
  EXPECT_EQ(f.node.stats().probe_failures, 1u);
  EXPECT_EQ(f.node.health_score(), 3) << "3 nacks expected, none came";
}

TEST(Probe, NacksFromHelpersShowTheProblemIsNotOurs) {
  NodeFixture f(4);
  auto ping = next_ping(f);
  ASSERT_TRUE(ping);
  f.advance(f.node.config().probe_timeout);
  for (int from : {3, 4, 5}) f.inject(codec::Nack{ping->second.seq_no}, from);
  f.advance(1s);
  EXPECT_EQ(f.node.health_score(), 0);
  EXPECT_EQ(f.node.member(ping->second.node)->state, MemberState::suspect);
}

TEST(Probe, AnUnhealthyNodeWaitsLongerBeforeSuspecting) {
  NodeFixture f(4);
  // Raise the health score to 2 with two refutations.
  f.inject(codec::Suspect{1, "self", "n2"});
  f.inject(codec::Suspect{2, "self", "n2"});
  ASSERT_EQ(f.node.health_score(), 2);
  auto ping = next_ping(f);
  ASSERT_TRUE(ping);
  f.advance(1500ms);  // past the unscaled interval, inside the scaled one (3 s)
  EXPECT_EQ(f.node.member(ping->second.node)->state, MemberState::alive);
  f.advance(2s);
  EXPECT_EQ(f.node.member(ping->second.node)->state, MemberState::suspect);
}

TEST(Probe, TheTcpFallbackAloneAvoidsASuspicion) {
  NodeFixture f(4);
  auto ping = next_ping(f);
  ASSERT_TRUE(ping);
  f.advance(f.node.config().probe_timeout);
  const OpenedStreamRec* fallback = nullptr;
  for (const auto& s : f.fx.streams)
    if (s.to == ping->first) fallback = &s;
  ASSERT_NE(fallback, nullptr);
  Bytes ack;
  codec::encode(codec::Ack{ping->second.seq_no, {}}, ack);
  f.node.on_stream_reply(fallback->id, codec::seal_stream(ack, "", false), f.now);
  f.advance(1s);
  EXPECT_EQ(f.node.member(ping->second.node)->state, MemberState::alive);
  EXPECT_EQ(f.node.stats().tcp_fallback_saves, 1u);
}

TEST(Probe, PingsToASuspectCarryTheSuspicion) {
  NodeFixture f(1);
  f.inject(codec::Suspect{1, "n2", "n9"});
  f.clear();
  auto ping = next_ping(f);
  ASSERT_TRUE(ping);
  bool told = false;
  for (const auto& m : of_type(f.sent(), MessageType::suspect)) {
    auto s = codec::decode_suspect(m.body);
    if (m.to == addr_of(2) && s && s->node == "n2") told = true;
  }
  EXPECT_TRUE(told) << "Lifeguard's buddy system";
}

TEST(Probe, WeAnswerAPingWithAnAckToItsSourceAddress) {
  NodeFixture f(1);
  codec::Ping p;
  p.seq_no = 42;
  p.node = "self";
  p.source_addr = addr_of(7).ip;
  p.source_port = 9000;
  f.inject(p, 2);
  auto acks = of_type(f.sent(), MessageType::ack);
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_EQ(acks[0].to, (Address{addr_of(7).ip, 9000}));
  EXPECT_EQ(codec::decode_ack(acks[0].body)->seq_no, 42u);
}

TEST(Probe, APingForAnotherNameIsNotAnswered) {
  NodeFixture f(1);
  f.inject(codec::Ping{42, "someone-else", {}, {}, 0});
  EXPECT_TRUE(of_type(f.sent(), MessageType::ack).empty());
  EXPECT_EQ(f.node.stats().dropped[static_cast<int>(DropReason::wrong_node)], 1u);
}

TEST(Probe, WeRelayAnIndirectProbeAndForwardTheAckWithTheRequestersSeqNo) {
  NodeFixture f(3);
  codec::IndirectPing req;
  req.seq_no = 77;
  req.target = addr_of(3).ip;
  req.port = 7946;
  req.node = "n3";
  req.nack = true;
  f.inject(req, 2);
  auto pings = of_type(f.sent(), MessageType::ping);
  ASSERT_EQ(pings.size(), 1u);
  EXPECT_EQ(pings[0].to, addr_of(3));
  auto ping = codec::decode_ping(pings[0].body);
  f.clear();
  f.inject(codec::Ack{ping->seq_no, {}}, 3);
  auto acks = of_type(f.sent(), MessageType::ack);
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_EQ(acks[0].to, addr_of(2));
  EXPECT_EQ(codec::decode_ack(acks[0].body)->seq_no, 77u);
  f.advance(1s);
  EXPECT_TRUE(of_type(f.sent(), MessageType::nack).empty()) << "no nack after an ack";
}

TEST(Probe, ARelayThatHearsNothingSendsANack) {
  NodeFixture f(3);
  codec::IndirectPing req;
  req.seq_no = 77;
  req.target = addr_of(3).ip;
  req.port = 7946;
  req.node = "n3";
  req.nack = true;
  f.inject(req, 2);
  f.clear();
  f.advance(f.node.config().probe_timeout + 1ms);
  auto nacks = of_type(f.sent(), MessageType::nack);
  ASSERT_EQ(nacks.size(), 1u);
  EXPECT_EQ(nacks[0].to, addr_of(2));
  EXPECT_EQ(codec::decode_nack(nacks[0].body)->seq_no, 77u);
}

TEST(Probe, EveryLiveMemberIsProbedOncePerRound) {
  NodeFixture f(5);
  std::map<std::string, int> probed;
  for (int round = 0; round < 5; ++round) {
    auto ping = next_ping(f);
    ASSERT_TRUE(ping);
    ++probed[ping->second.node];
    f.inject(codec::Ack{ping->second.seq_no, {}});
    f.clear();
  }
  EXPECT_EQ(probed.size(), 5u) << "round robin over a shuffled list";
}

TEST(Probe, MalformedPacketsAreDroppedAndCounted) {
  NodeFixture f(1);
  const Bytes junk{0x00, 0x85, 0xa4};
  f.node.on_packet(addr_of(2), junk, f.now);
  const Bytes unknown{0x42};
  f.node.on_packet(addr_of(2), unknown, f.now);
  EXPECT_EQ(f.node.stats().dropped_total(), 2u);
  EXPECT_EQ(f.node.num_alive(), 2u);
}
