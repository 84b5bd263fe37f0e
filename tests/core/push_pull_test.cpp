// Anti-entropy, join and the way back after a partition.
#include <gtest/gtest.h>

#include "harness.hpp"

using namespace rumor;
using namespace rumor::testing;
using codec::MessageType;

namespace {
codec::PushPull remote_state(std::vector<codec::PushNodeState> nodes, bool join = false) {
  codec::PushPull pp;
  pp.join = join;
  pp.nodes = std::move(nodes);
  return pp;
}
codec::PushNodeState node_state(const std::string& name, int i, std::uint32_t inc,
                                codec::WireState st) {
  return codec::PushNodeState{name, addr_of(i).ip, 7946, {}, inc, st, {1, 5, 2, 0, 0, 0}};
}
Bytes stream_of(const codec::PushPull& pp) {
  Bytes msg;
  codec::encode(pp, msg);
  return codec::seal_stream(msg, "", false);
}
codec::PushPull decode_stream(const Bytes& wire) {
  auto opened = codec::open_stream(wire, "");
  EXPECT_TRUE(opened.ok());
  EXPECT_EQ(opened->type, MessageType::push_pull);
  auto pp = codec::decode_push_pull(opened->body);
  EXPECT_TRUE(pp.ok());
  return *pp;
}
}  // namespace

TEST(PushPull, JoinSendsOurStateToTheSeedAndMergesItsReply) {
  NodeFixture f;
  const Address seed = addr_of(2);
  f.node.join(std::span(&seed, 1), f.now);
  ASSERT_EQ(f.fx.streams.size(), 1u);
  const auto& s = f.fx.streams[0];
  EXPECT_EQ(s.to, seed);
  EXPECT_TRUE(s.expect_reply);
  const auto sent = decode_stream(s.request);
  EXPECT_TRUE(sent.join);
  ASSERT_EQ(sent.nodes.size(), 1u);
  EXPECT_EQ(sent.nodes[0].name, "self");

  f.node.on_stream_reply(s.id,
                         stream_of(remote_state({node_state("n2", 2, 1, codec::WireState::alive),
                                                 node_state("n3", 3, 4, codec::WireState::alive)})),
                         f.now);
  EXPECT_EQ(f.node.num_alive(), 3u);
  EXPECT_EQ(f.node.member("n3")->incarnation, 4u);
}

TEST(PushPull, AnInboundPushPullIsAnsweredWithOurStateThenMerged) {
  NodeFixture f(1);
  f.node.on_stream(9, addr_of(3),
                   stream_of(remote_state({node_state("n3", 3, 1, codec::WireState::alive)}, true)),
                   f.now);
  ASSERT_EQ(f.fx.replies.size(), 1u);
  EXPECT_EQ(f.fx.replies[0].first, 9u);
  const auto reply = decode_stream(f.fx.replies[0].second);
  EXPECT_EQ(reply.nodes.size(), 2u) << "our state before the merge: self and n2";
  EXPECT_TRUE(f.node.member("n3").has_value());
}

TEST(PushPull, ARemoteDeathOnlyMakesUsSuspect) {
  NodeFixture f(1);
  f.node.on_stream(9, addr_of(3),
                   stream_of(remote_state({node_state("n2", 2, 1, codec::WireState::dead)})),
                   f.now);
  EXPECT_EQ(f.node.member("n2")->state, MemberState::suspect);
}

TEST(PushPull, ARemoteLeaveIsBelieved) {
  NodeFixture f(1);
  f.node.on_stream(9, addr_of(3),
                   stream_of(remote_state({node_state("n2", 2, 1, codec::WireState::left)})),
                   f.now);
  EXPECT_EQ(f.node.member("n2")->state, MemberState::left);
}

TEST(PushPull, APeerThinkingUsDeadMakesUsRefute) {
  NodeFixture f(1);
  f.node.on_stream(9, addr_of(3),
                   stream_of(remote_state({node_state("self", 1, 1, codec::WireState::dead)})),
                   f.now);
  EXPECT_EQ(f.node.self().state, MemberState::alive);
  EXPECT_EQ(f.node.self().incarnation, 2u);
}

TEST(PushPull, PeriodicPushPullPicksALiveMember) {
  NodeFixture f(2);
  f.advance(f.node.config().push_pull_interval + 1s);
  int push_pulls = 0;
  for (const auto& s : f.fx.streams) {
    auto opened = codec::open_stream(s.request, "");
    if (opened && opened->type == MessageType::push_pull) {
      ++push_pulls;
      EXPECT_TRUE(s.to == addr_of(2) || s.to == addr_of(3));
      EXPECT_FALSE(decode_stream(s.request).join);
    }
  }
  EXPECT_GE(push_pulls, 1);
}

TEST(PushPull, AfterAPartitionWeKeepContactingADeadMember) {
  NodeFixture f(1);
  f.inject(codec::Dead{1, "n2", "n3"});
  // Long after n2 was reaped from the member list, we still try it now and then.
  f.advance(5min);
  EXPECT_FALSE(f.node.member("n2").has_value()) << "reaped after GossipToTheDeadTime";
  f.clear();
  f.advance(f.node.config().reconnect_interval + 1s);
  int contacts = 0;
  for (const auto& s : f.fx.streams) contacts += s.to == addr_of(2);
  EXPECT_GE(contacts, 1);
  EXPECT_GE(f.node.stats().reconnect_attempts, 1u);
}

TEST(PushPull, AnIsolatedNodeRetriesItsSeeds) {
  NodeFixture f;
  const Address seed = addr_of(2);
  f.node.join(std::span(&seed, 1), f.now);
  f.node.on_stream_failed(f.fx.streams[0].id, f.now);
  f.clear();
  f.advance(f.node.config().reconnect_interval + 1s);
  ASSERT_FALSE(f.fx.streams.empty());
  EXPECT_EQ(f.fx.streams[0].to, seed);
}

TEST(PushPull, ReliableUserMessagesTravelOnAStream) {
  NodeFixture f(1);
  const Bytes payload{1, 2, 3};
  f.node.send_user_message(addr_of(2), payload, true, f.now);
  ASSERT_EQ(f.fx.streams.size(), 1u);
  EXPECT_FALSE(f.fx.streams[0].expect_reply);
  // And arrive as user messages at the other end.
  NodeFixture g(1);
  g.node.on_stream(1, addr_of(1), f.fx.streams[0].request, g.now);
  ASSERT_EQ(g.delegate.messages.size(), 1u);
  EXPECT_EQ(g.delegate.messages[0], payload);
}

TEST(PushPull, StreamRepliesCarryNoLabelAsInMemberlist) {
  Config cfg = Config::lan();
  cfg.label = "prod";
  NodeFixture f(1, cfg);
  Bytes msg;
  codec::encode(remote_state({node_state("n3", 3, 1, codec::WireState::alive)}, false), msg);
  f.node.on_stream(9, addr_of(3), codec::seal_stream(msg, "prod", false), f.now);
  ASSERT_EQ(f.fx.replies.size(), 1u);
  EXPECT_NE(f.fx.replies[0].second.at(0), 244) << "a reply starts with the message, not a label";
  EXPECT_TRUE(codec::open_stream(f.fx.replies[0].second, "").ok());
}
