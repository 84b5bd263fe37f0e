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

namespace {
// The push/pull streams opened since the fixture was last cleared.
std::vector<const OpenedStreamRec*> push_pulls_opened(const NodeFixture& f) {
  std::vector<const OpenedStreamRec*> out;
  for (const auto& s : f.fx.streams) {
    auto opened = codec::open_stream(s.request, "");
    if (opened && opened->type == MessageType::push_pull) out.push_back(&s);
  }
  return out;
}
// Advances in steps of one second until a push/pull opens; returns it, or nullptr.
const OpenedStreamRec* next_push_pull(NodeFixture& f, Duration within) {
  for (Duration waited{0}; waited < within; waited += 1s) {
    f.advance(1s);
    if (auto pp = push_pulls_opened(f); !pp.empty()) return pp.front();
  }
  return nullptr;
}
// How many alive messages about `name` the node has gossiped.
int alive_sends(const NodeFixture& f, const std::string& name) {
  int sends = 0;
  for (const auto& p : f.fx.packets) {
    auto opened = codec::open_packet(p.bytes, "");
    if (!opened) continue;
    for (const auto& m : opened->messages)
      if (m.type == MessageType::alive) sends += codec::decode_alive(m.body)->node == name;
  }
  return sends;
}
codec::PushPull states_of(int from, int to) {
  std::vector<codec::PushNodeState> nodes;
  for (int i = from; i < to; ++i)
    nodes.push_back(node_state("n" + std::to_string(i), i, 1, codec::WireState::alive));
  return remote_state(std::move(nodes));
}
}  // namespace

TEST(PushPull, AlivesAJoinPullsBackAreGossipedOnlyAsConfiguredWhenThereAreTooManyToSpread) {
  // `pulled` members from the seed; how often does one of them go out in gossip?
  auto sends_of_a_pulled_alive = [](int pulled, std::optional<int> pulled_alive_transmits) {
    Config cfg = Config::lan();
    cfg.pulled_alive_transmits = pulled_alive_transmits;
    NodeFixture f(0, cfg);
    f.auto_ack = true;
    const Address seed = addr_of(2);
    f.node.join(std::span(&seed, 1), f.now);
    f.node.on_stream_reply(f.fx.streams[0].id, stream_of(states_of(2, 2 + pulled)), f.now);
    EXPECT_EQ(f.node.num_alive(), static_cast<std::size_t>(pulled + 1));
    f.advance(120s);  // time enough for memberlist's full limit
    return alive_sends(f, "n7");
  };
  // The seed spread these alives when it learned them. memberlist spreads them again in
  // full; so do we when that fits in a push/pull interval of our gossip.
  const Config lan = Config::lan();
  ASSERT_GT(1200u * lan.retransmit_limit(1201), lan.gossip_capacity(lan.push_pull_interval));
  EXPECT_EQ(sends_of_a_pulled_alive(1200, 0), 0) << "the default: applied, not spread";
  EXPECT_EQ(sends_of_a_pulled_alive(1200, 2), 2);
  EXPECT_EQ(sends_of_a_pulled_alive(1200, std::nullopt), lan.retransmit_limit(1201));
  ASSERT_LT(40u * lan.retransmit_limit(41), lan.gossip_capacity(lan.push_pull_interval));
  EXPECT_EQ(sends_of_a_pulled_alive(40, 2), lan.retransmit_limit(41));
}

TEST(PushPull, AlivesPushedToUsAreGossipedInFullUnlessThereAreTooManyToSpread) {
  auto sends_of_a_pushed_alive = [](int pushed) {
    NodeFixture f(1);
    f.auto_ack = true;
    f.node.on_stream(9, addr_of(3), stream_of(states_of(3, 3 + pushed)), f.now);
    f.advance(120s);
    return alive_sends(f, "n4");
  };
  const Config lan = Config::lan();
  EXPECT_EQ(sends_of_a_pushed_alive(3), lan.retransmit_limit(5))
      << "a joiner's own push: news the seed must spread";
  EXPECT_EQ(sends_of_a_pushed_alive(1200), 0) << "old news: applied, not spread";
}

TEST(PushPull, WhileExchangesTeachUsMembersTheNextComesAtTheBaseInterval) {
  // 41 members stretch memberlist's period to twice the base interval.
  struct Case {
    bool while_learning;
    bool teaches;
    bool expect_base_interval;
  };
  for (const Case c :
       {Case{true, true, true}, Case{true, false, false}, Case{false, true, false}}) {
    Config cfg = Config::lan();
    cfg.push_pull_while_learning = c.while_learning;
    NodeFixture f(40, cfg);
    f.auto_ack = true;  // no deaths, so no reconnect exchanges
    const Duration base = cfg.push_pull_interval;
    ASSERT_EQ(cfg.push_pull_period(41), 2 * base);
    // The first tick saw the list grow from 1 to 41 while the node started: it is
    // filling, so the second exchange comes at the base interval (memberlist's: twice).
    const OpenedStreamRec* first = next_push_pull(f, base + 1s);
    ASSERT_NE(first, nullptr);
    f.node.on_stream_reply(first->id, stream_of(states_of(2, 3)), f.now);
    f.clear();
    const OpenedStreamRec* second = next_push_pull(f, base + 1s);
    EXPECT_EQ(second != nullptr, c.while_learning) << "a list that grew by over 1/64";
    if (!second) second = next_push_pull(f, base + 1s);
    ASSERT_NE(second, nullptr);
    const auto reply = c.teaches ? states_of(100, 101) : states_of(2, 3);
    f.node.on_stream_reply(second->id, stream_of(reply), f.now);
    f.clear();
    const bool at_base = next_push_pull(f, base + 1s) != nullptr;
    EXPECT_EQ(at_base, c.expect_base_interval)
        << "while_learning " << c.while_learning << " teaches " << c.teaches;
  }
}

TEST(PushPull, ARestoredNodeSpreadsItsExchangesOverThePeriodForItsSize) {
  // 200 restored members: a 120 s period. Armed for a cluster of one, every node would
  // push/pull within 30 s of start; spread over 120 s, about a quarter do.
  std::vector<codec::Alive> members;
  for (int i = 2; i < 202; ++i) members.push_back(alive_msg("n" + std::to_string(i), i, 1));
  std::vector<codec::AliveView> views;
  for (const auto& a : members) views.push_back(codec::view_of(a));
  int early = 0;
  constexpr int kNodes = 40;
  for (int seed = 1; seed <= kNodes; ++seed) {
    NodeFixture f(0, Config::lan(), static_cast<std::uint64_t>(seed));
    f.node.restore(views, f.now);
    ASSERT_EQ(f.node.num_alive(), 201u);
    f.advance(30s);
    early += !push_pulls_opened(f).empty();
  }
  EXPECT_GT(early, 0);
  EXPECT_LT(early, kNodes / 2);
}
