// Serf's cluster semantics, end to end: several Serf instances over the in-test
// loopback, in virtual time with fixed seeds.
#include <gtest/gtest.h>

#include <algorithm>

#include "codec/messages.hpp"
#include "codec/packet.hpp"
#include "loopback.hpp"
#include "support.hpp"

namespace rumor::serf {
namespace {

using namespace std::chrono_literals;
using test::as_bytes;
using test::Loopback;

void make_cluster(Loopback& net, int n, std::function<void(Config&)> tweak = {}) {
  for (int i = 0; i < n; ++i) net.add("n" + std::to_string(i), {}, tweak);
  net.start_and_join_all();
}

TEST(SerfScenario, MembersSeeEachOtherAliveAfterJoining) {
  Loopback net;
  make_cluster(net, 4);
  for (int i = 0; i < 4; ++i) {
    auto& p = net.peer("n" + std::to_string(i));
    ASSERT_EQ(p.serf->members().size(), 4u) << p.name;
    for (const Member& m : p.serf->members()) EXPECT_EQ(m.status, MemberStatus::alive);
  }
  EXPECT_EQ(net.peer("n1").sink->joins_done, std::vector<std::size_t>{1});
}

TEST(SerfScenario, AUserEventReachesEveryMemberExactlyOnce) {
  Loopback net;
  make_cluster(net, 5);
  ASSERT_TRUE(net.peer("n2").serf->user_event("deploy", as_bytes("v1"), false, net.now()).ok());
  net.run_for(20s);
  for (int i = 0; i < 5; ++i) {
    const auto& events = net.peer("n" + std::to_string(i)).sink->user_events;
    ASSERT_EQ(events.size(), 1u) << "n" << i;
    EXPECT_EQ(events[0].name, "deploy");
    EXPECT_EQ(std::string(events[0].payload.begin(), events[0].payload.end()), "v1");
  }
}

TEST(SerfScenario, AUserEventOverTheSizeLimitIsRefused) {
  Loopback net;
  make_cluster(net, 1);
  const std::string big(600, 'x');
  auto st = net.peer("n0").serf->user_event("big", as_bytes(big), false, net.now());
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error(), SerfError::too_large);
}

TEST(SerfScenario, AQueryWithATagFilterIsAnsweredOnlyByMatchingNodes) {
  Loopback net;
  net.add("n0", {{"role", "db"}});
  net.add("n1", {{"role", "web"}});
  net.add("n2", {{"role", "db"}});
  net.add("n3", {{"role", "web-2"}});
  net.start_and_join_all();
  for (const char* name : {"n0", "n1", "n2", "n3"}) {
    auto* p = &net.peer(name);
    p->sink->on_query_hook = [&net, p](QueryEvent& q) {
      net.at(net.now(), [&net, p, key = q.key] {
        for (QueryEvent& pending : p->sink->queries)
          if (pending.key == key)
            (void)p->serf->respond(pending, as_bytes("hi-" + p->name), net.now());
      });
    };
  }
  QueryParams params;
  params.filter_tags = {{"role", "^web"}};
  params.request_ack = true;
  auto key = net.peer("n0").serf->query("who", as_bytes("?"), params, net.now());
  ASSERT_TRUE(key.ok());
  net.run_for(10s);

  const auto& querier = *net.peer("n0").sink;
  auto acks = querier.acks;
  std::sort(acks.begin(), acks.end());
  EXPECT_EQ(acks, (std::vector<std::string>{"n1", "n3"}));
  auto responses = querier.responses;
  std::sort(responses.begin(), responses.end());
  EXPECT_EQ(responses,
            (std::vector<std::pair<std::string, std::string>>{{"n1", "hi-n1"}, {"n3", "hi-n3"}}));
  EXPECT_EQ(querier.queries_done, 1u);
  EXPECT_TRUE(net.peer("n0").sink->queries.empty());
  EXPECT_TRUE(net.peer("n2").sink->queries.empty());
  EXPECT_EQ(net.peer("n1").sink->queries.size(), 1u);
}

TEST(SerfScenario, AResponseAfterTheDeadlineIsRefused) {
  Loopback net;
  make_cluster(net, 2);
  QueryParams params;
  params.timeout = 1s;
  ASSERT_TRUE(net.peer("n0").serf->query("late", {}, params, net.now()).ok());
  net.run_for(200ms);
  auto& q = net.peer("n1").sink->queries;
  ASSERT_EQ(q.size(), 1u);
  net.run_for(2s);
  auto st = net.peer("n1").serf->respond(q[0], as_bytes("too late"), net.now());
  EXPECT_EQ(st.error(), SerfError::past_deadline);
}

TEST(SerfScenario, AGracefulLeaveShowsAsLeftEverywhere) {
  Loopback net;
  make_cluster(net, 3);
  ASSERT_TRUE(net.peer("n2").serf->leave(net.now()).ok());
  net.run_for(15s);
  EXPECT_TRUE(net.peer("n2").sink->left);
  EXPECT_EQ(net.peer("n2").serf->state(), SerfState::left);
  for (const char* name : {"n0", "n1"}) {
    const auto m = net.peer(name).serf->member("n2");
    ASSERT_TRUE(m.has_value());
    EXPECT_EQ(m->status, MemberStatus::left) << name;
    EXPECT_EQ(net.peer(name).sink->count(MemberEventType::leave, "n2"), 1u);
    EXPECT_EQ(net.peer(name).sink->count(MemberEventType::failed, "n2"), 0u);
  }
}

TEST(SerfScenario, ASilentCrashShowsAsFailedAndIsReapedAfterReconnectTimeout) {
  Loopback net;
  make_cluster(net, 3, [](Config& c) {
    c.reconnect_timeout = 60s;
    c.reap_interval = 5s;
  });
  net.crash("n2");
  net.run_for(30s);
  for (const char* name : {"n0", "n1"}) {
    const auto m = net.peer(name).serf->member("n2");
    ASSERT_TRUE(m.has_value());
    EXPECT_EQ(m->status, MemberStatus::failed) << name;
    EXPECT_EQ(net.peer(name).sink->count(MemberEventType::failed, "n2"), 1u);
    EXPECT_EQ(net.peer(name).sink->count(MemberEventType::reap, "n2"), 0u);
  }
  net.run_for(60s);
  for (const char* name : {"n0", "n1"}) {
    EXPECT_FALSE(net.peer(name).serf->member("n2").has_value()) << name;
    EXPECT_EQ(net.peer(name).sink->count(MemberEventType::reap, "n2"), 1u);
  }
}

TEST(SerfScenario, ForceLeaveTurnsAFailedMemberLeftEverywhere) {
  Loopback net;
  make_cluster(net, 3);
  net.crash("n2");
  net.run_for(30s);
  ASSERT_EQ(net.peer("n1").serf->member("n2")->status, MemberStatus::failed);
  ASSERT_TRUE(net.peer("n0").serf->force_leave("n2", false, net.now()).ok());
  net.run_for(5s);
  for (const char* name : {"n0", "n1"}) {
    EXPECT_EQ(net.peer(name).serf->member("n2")->status, MemberStatus::left) << name;
    EXPECT_EQ(net.peer(name).sink->count(MemberEventType::leave, "n2"), 1u);
  }
}

// Go keeps a member's leave time when force-leave turns it from failed to left, so its
// tombstone runs from when it failed, not from the force-leave.
TEST(SerfScenario, AForceLeftMemberIsReapedATombstoneAfterItFailed) {
  Loopback net;
  make_cluster(net, 3, [](Config& c) {
    c.reconnect_timeout = 1h;
    c.tombstone_timeout = 60s;
    c.reap_interval = 1s;
  });
  net.crash("n2");
  auto status = [&] { return net.peer("n0").serf->member("n2")->status; };
  for (int s = 0; s < 60 && status() != MemberStatus::failed; ++s) net.run_for(1s);
  ASSERT_EQ(status(), MemberStatus::failed);
  net.run_for(30s);
  ASSERT_TRUE(net.peer("n0").serf->force_leave("n2", false, net.now()).ok());
  net.run_for(25s);  // 55 s after it failed
  ASSERT_TRUE(net.peer("n0").serf->member("n2").has_value());
  EXPECT_EQ(status(), MemberStatus::left);
  net.run_for(8s);  // 63 s after it failed, 33 s after the force-leave
  EXPECT_FALSE(net.peer("n0").serf->member("n2").has_value());
  EXPECT_EQ(net.peer("n0").sink->count(MemberEventType::reap, "n2"), 1u);
}

TEST(SerfScenario, ForceLeaveWithPruneForgetsTheMemberAtOnce) {
  Loopback net;
  make_cluster(net, 3);
  net.crash("n2");
  net.run_for(30s);
  ASSERT_TRUE(net.peer("n0").serf->force_leave("n2", true, net.now()).ok());
  net.run_for(5s);
  for (const char* name : {"n0", "n1"}) {
    EXPECT_FALSE(net.peer(name).serf->member("n2").has_value()) << name;
    EXPECT_EQ(net.peer(name).sink->count(MemberEventType::reap, "n2"), 1u);
  }
}

TEST(SerfScenario, APruneArmedForAMemberThatRefutedItsLeaveDoesNotEraseIt) {
  // force-leave -prune of a live member: everyone marks it leaving and arms a prune for
  // BroadcastTimeout + LeavePropagateDelay later; the member refutes with a newer join.
  // Go's prune erases it anyway when it wakes; here the timer finds it alive and is stale.
  Loopback net;
  make_cluster(net, 3);
  ASSERT_TRUE(net.peer("n0").serf->force_leave("n2", true, net.now()).ok());
  net.run_for(30s);
  for (const char* name : {"n0", "n1"}) {
    const auto m = net.peer(name).serf->member("n2");
    ASSERT_TRUE(m.has_value()) << name;
    EXPECT_EQ(m->status, MemberStatus::alive) << name;
    EXPECT_EQ(net.peer(name).sink->count(MemberEventType::reap, "n2"), 0u) << name;
  }
}

TEST(SerfScenario, NewTagsPropagateAsAnUpdate) {
  Loopback net;
  net.add("n0", {{"role", "web"}});
  net.add("n1", {{"role", "db"}});
  net.add("n2");
  net.start_and_join_all();
  ASSERT_TRUE(net.peer("n1").serf->set_tags({{"role", "db"}, {"zone", "z1"}}, net.now()).ok());
  net.run_for(10s);
  for (const char* name : {"n0", "n1", "n2"}) {
    const auto m = net.peer(name).serf->member("n1");
    ASSERT_TRUE(m.has_value());
    EXPECT_EQ(m->tags, (Tags{{"role", "db"}, {"zone", "z1"}})) << name;
    EXPECT_GE(net.peer(name).sink->count(MemberEventType::update, "n1"), 1u) << name;
  }
}

TEST(SerfScenario, JoiningWithIgnoreOldDoesNotReplayEarlierEvents) {
  Loopback net;
  net.add("n0");
  net.add("n1");
  net.start_and_join_all();
  ASSERT_TRUE(net.peer("n0").serf->user_event("old", as_bytes("1"), false, net.now()).ok());
  net.run_for(5s);
  auto& late = net.add("late");
  late.serf->start(net.now());
  const Address seed = net.peer("n0").addr;
  ASSERT_TRUE(late.serf->join(std::span<const Address>(&seed, 1), true, net.now()).ok());
  net.run_for(10s);
  ASSERT_EQ(late.serf->members().size(), 3u);
  EXPECT_TRUE(late.sink->user_events.empty());
  // Events after the join still arrive.
  ASSERT_TRUE(net.peer("n1").serf->user_event("new", as_bytes("2"), false, net.now()).ok());
  net.run_for(10s);
  ASSERT_EQ(late.sink->user_events.size(), 1u);
  EXPECT_EQ(late.sink->user_events[0].name, "new");
}

TEST(SerfScenario, JoiningWithoutIgnoreOldReplaysRecentEvents) {
  Loopback net;
  net.add("n0");
  net.start_and_join_all();
  ASSERT_TRUE(net.peer("n0").serf->user_event("old", as_bytes("1"), false, net.now()).ok());
  net.run_for(1s);
  auto& late = net.add("late");
  late.serf->start(net.now());
  const Address seed = net.peer("n0").addr;
  ASSERT_TRUE(late.serf->join(std::span<const Address>(&seed, 1), false, net.now()).ok());
  net.run_for(5s);
  ASSERT_EQ(late.sink->user_events.size(), 1u);
  EXPECT_EQ(late.sink->user_events[0].name, "old");
}

// A user event packet from `from`, as memberlist carries it.
Bytes user_event_packet(const UserEventMsg& m) {
  Bytes user;
  codec::encode_user(encoded(m), user);
  return codec::seal_packet(user, codec::SealOptions{});
}

TEST(SerfScenario, AnEventOlderThanTheDedupWindowIsDropped) {
  Loopback net;
  make_cluster(net, 1);
  auto& p = net.peer("n0");
  const Address from{Ip::v4(10, 9, 9, 9), 7946};
  p.serf->on_packet(from, user_event_packet({1000, "recent", {}, false}), net.now());
  ASSERT_EQ(p.sink->user_events.size(), 1u);
  // The clock is now 1001; the ring covers the last 512 times only.
  p.serf->on_packet(from, user_event_packet({400, "ancient", {}, false}), net.now());
  p.serf->on_packet(from, user_event_packet({600, "in-window", {}, false}), net.now());
  ASSERT_EQ(p.sink->user_events.size(), 2u);
  EXPECT_EQ(p.sink->user_events[1].name, "in-window");
}

TEST(SerfScenario, ALoneMembersQueuesAreCutToTheMaximumDepth) {
  Loopback net;
  net.add("n0", {}, [](Config& c) { c.max_queue_depth = 100; });
  net.start_and_join_all(1s);
  auto& p = net.peer("n0");
  for (int i = 0; i < 300; ++i)
    ASSERT_TRUE(p.serf->user_event("e" + std::to_string(i), {}, false, net.now()).ok());
  EXPECT_GE(p.serf->queued_broadcasts(), 300u);  // nobody to send them to
  net.run_for(p.serf->config().queue_check_interval);
  EXPECT_EQ(p.serf->queued_broadcasts(), 100u);
  EXPECT_EQ(p.serf->pruned_broadcasts(), 200u);
}

TEST(SerfScenario, TheSameEventTwiceIsDeliveredOnce) {
  Loopback net;
  make_cluster(net, 1);
  auto& p = net.peer("n0");
  const Address from{Ip::v4(10, 9, 9, 9), 7946};
  p.serf->on_packet(from, user_event_packet({7, "e", {'x'}, false}), net.now());
  p.serf->on_packet(from, user_event_packet({7, "e", {'x'}, false}), net.now());
  p.serf->on_packet(from, user_event_packet({7, "e", {'y'}, false}), net.now());
  EXPECT_EQ(p.sink->user_events.size(), 2u);
}

TEST(SerfScenario, ALeaveIntentThatArrivesBeforeTheMemberIsRememberedAndApplied) {
  Loopback net;
  net.add("n0");
  net.start_and_join_all(1s);
  auto& p = net.peer("n0");
  Bytes user;
  codec::encode_user(encoded(LeaveMsg{50, "ghost", false}), user);
  p.serf->on_packet(Address{Ip::v4(10, 9, 9, 9), 7946},
                    codec::seal_packet(user, codec::SealOptions{}), net.now());
  EXPECT_FALSE(p.serf->member("ghost").has_value());
  EXPECT_GE(p.serf->member_time(), 51u);  // witnessed
  // memberlist now reports the member alive: it starts as leaving.
  codec::Alive a;
  a.incarnation = 1;
  a.node = "ghost";
  a.addr = Ip::v4(10, 9, 9, 9);
  a.port = 7946;
  a.vsn = {1, 5, 2, 2, 5, 5};
  Bytes alive;
  codec::encode(a, alive);
  p.serf->on_packet(a.addr.empty() ? Address{} : Address{a.addr, a.port},
                    codec::seal_packet(alive, codec::SealOptions{}), net.now());
  ASSERT_TRUE(p.serf->member("ghost").has_value());
  EXPECT_EQ(p.serf->member("ghost")->status, MemberStatus::leaving);
}

TEST(SerfScenario, PingQueriesAreAckedButNotHandedToTheApplication) {
  Loopback net;
  make_cluster(net, 3);
  QueryParams params;
  params.request_ack = true;
  ASSERT_TRUE(net.peer("n0").serf->query("_serf_ping", {}, params, net.now()).ok());
  net.run_for(10s);
  auto acks = net.peer("n0").sink->acks;
  std::sort(acks.begin(), acks.end());
  EXPECT_EQ(acks, (std::vector<std::string>{"n0", "n1", "n2"}));
  EXPECT_TRUE(net.peer("n0").sink->responses.empty());
  for (const char* name : {"n0", "n1", "n2"}) EXPECT_TRUE(net.peer(name).sink->queries.empty());
}

TEST(SerfScenario, RelayedResponsesReachTheQuerierOnceEach) {
  Loopback net;
  make_cluster(net, 5);
  for (int i = 0; i < 5; ++i) {
    auto* p = &net.peer("n" + std::to_string(i));
    p->sink->on_query_hook = [&net, p](QueryEvent& q) {
      net.at(net.now(), [&net, p, key = q.key] {
        for (QueryEvent& pending : p->sink->queries)
          if (pending.key == key) (void)p->serf->respond(pending, as_bytes(p->name), net.now());
      });
    };
  }
  QueryParams params;
  params.relay_factor = 2;
  ASSERT_TRUE(net.peer("n0").serf->query("q", {}, params, net.now()).ok());
  net.run_for(10s);
  // Every responder sent its answer directly and through two relays...
  EXPECT_GE(net.serf_sent[static_cast<int>(MessageType::relay)], 8u);
  // ...and the querier heard each responder once.
  auto responses = net.peer("n0").sink->responses;
  std::sort(responses.begin(), responses.end());
  ASSERT_EQ(responses.size(), 5u);
  EXPECT_TRUE(std::adjacent_find(responses.begin(), responses.end()) == responses.end());
}

TEST(SerfScenario, DelegateVersionsAreAdvertisedInAlives) {
  Loopback net;
  make_cluster(net, 2);
  const auto m = net.peer("n0").serf->member("n1");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->protocol_min, 1);
  EXPECT_EQ(m->protocol_max, 5);
  EXPECT_EQ(m->protocol_cur, 2);
  EXPECT_EQ(m->delegate_min, 2);
  EXPECT_EQ(m->delegate_max, 5);
  EXPECT_EQ(m->delegate_cur, 5);
}

// Eager gossip (memberlist config's eager_gossip_interval, on in rumor's agent): a fresh
// user event crosses the cluster in a few 1 ms hops instead of a gossip tick per hop, and
// Serf's guarantees hold: every member hands each event up once, with the Lamport time
// the origin stamped; members without eager gossip (as a Go serf) get them too.
TEST(SerfScenario, WithEagerGossipAUserEventArrivesAtOnceAndOnce) {
  Loopback net;
  for (int i = 0; i < 10; ++i)
    net.add("n" + std::to_string(i), {}, [i](Config& c) {
      if (i < 8) c.memberlist.eager_gossip_interval = c.memberlist.gossip_interval;  // n8, n9: off
    });
  net.start_and_join_all();
  net.run_for(1s);
  auto& origin = net.peer("n3");
  ASSERT_TRUE(origin.serf->user_event("a", as_bytes("1"), false, net.now()).ok());
  ASSERT_TRUE(origin.serf->user_event("b", as_bytes("2"), false, net.now()).ok());
  net.run_for(30ms);
  std::size_t eager_have = 0;
  for (int i = 0; i < 8; ++i)
    eager_have += !net.peer("n" + std::to_string(i)).sink->user_events.empty();
  EXPECT_GE(eager_have, 6u) << "fewer than 6 of the 8 eager members had it after 30 ms";
  net.run_for(20s);
  for (int i = 0; i < 10; ++i) {
    const auto& events = net.peer("n" + std::to_string(i)).sink->user_events;
    ASSERT_EQ(events.size(), 2u) << "n" << i;
    for (const auto& e : events) {
      const auto& sent = origin.sink->user_events[e.name == "a" ? 0 : 1];
      EXPECT_EQ(e.name, sent.name) << "n" << i;
      EXPECT_EQ(e.ltime, sent.ltime) << "n" << i;  // the origin's Lamport time
    }
    EXPECT_NE(events[0].name, events[1].name) << "n" << i;
  }
  EXPECT_LT(origin.sink->user_events[0].ltime, origin.sink->user_events[1].ltime);
}

TEST(SerfScenario, WithoutEagerGossipAUserEventWaitsForGossipTicks) {
  Loopback net;
  make_cluster(net, 10);
  net.run_for(1s);
  ASSERT_TRUE(net.peer("n3").serf->user_event("a", as_bytes("1"), false, net.now()).ok());
  net.run_for(30ms);
  std::size_t have = 0;
  for (int i = 0; i < 10; ++i) have += !net.peer("n" + std::to_string(i)).sink->user_events.empty();
  EXPECT_LE(have, 4u);  // the origin, and at most the three its first tick reached
}

}  // namespace
}  // namespace rumor::serf
