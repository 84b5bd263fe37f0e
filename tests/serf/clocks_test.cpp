// Lamport clocks, the de-dup rings, the default query timeout and event coalescing.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "serf/coalesce.hpp"
#include "serf/config.hpp"
#include "serf/dedup.hpp"
#include "serf/lamport.hpp"

namespace rumor::serf {
namespace {

using namespace std::chrono_literals;

RC_GTEST_PROP(LamportClock, WitnessingPutsTheClockPastWhatWasSeenAndNeverBack, ()) {
  LamportClock c;
  c.increment();
  const auto seen =
      *rc::gen::container<std::vector<std::uint32_t>>(rc::gen::arbitrary<std::uint32_t>());
  LamportTime before = c.time();
  for (std::uint32_t v : seen) {
    c.witness(v);
    RC_ASSERT(c.time() > v);
    RC_ASSERT(c.time() >= before);
    before = c.time();
  }
}

TEST(LamportClock, WitnessingTheCurrentTimeAdvancesIt) {
  LamportClock c;
  c.increment();
  c.witness(1);
  EXPECT_EQ(c.time(), 2u);
  c.witness(0);
  EXPECT_EQ(c.time(), 2u);
  EXPECT_EQ(c.increment(), 3u);
}

TEST(LamportClock, AHostileMaximumDoesNotWrapTheClockToZero) {
  LamportClock c;
  c.witness(~LamportTime{0});
  EXPECT_EQ(c.time(), ~LamportTime{0});
}

TEST(EventRing, AnEventIsFreshOnceThenADuplicate) {
  EventRing ring;
  EXPECT_EQ(ring.observe(5, {"a", {1}}, 6), Seen::fresh);
  EXPECT_EQ(ring.observe(5, {"a", {1}}, 6), Seen::duplicate);
  EXPECT_EQ(ring.observe(5, {"a", {2}}, 6), Seen::fresh);          // same time, other payload
  EXPECT_EQ(ring.observe(5 + 512, {"a", {1}}, 600), Seen::fresh);  // same slot, newer time
}

TEST(EventRing, EventsOlderThanTheWindowOrTheMinimumAreRefused) {
  EventRing ring;
  EXPECT_EQ(ring.observe(100, {"a", {}}, 700), Seen::too_old);  // 700 - 512 = 188
  EXPECT_EQ(ring.observe(188, {"a", {}}, 700), Seen::fresh);
  ring.raise_min_time(300);
  EXPECT_EQ(ring.observe(299, {"b", {}}, 700), Seen::before_min_time);
}

TEST(QueryRing, QueriesAreDeduplicatedByTimeAndId) {
  QueryRing ring;
  EXPECT_EQ(ring.observe(3, 42, 4), Seen::fresh);
  EXPECT_EQ(ring.observe(3, 42, 4), Seen::duplicate);
  EXPECT_EQ(ring.observe(3, 43, 4), Seen::fresh);
  EXPECT_EQ(ring.observe(1, 1, 1000), Seen::too_old);
}

TEST(SerfConfig, DefaultQueryTimeoutIsGossipIntervalTimesSixteenTimesCeilLog10) {
  Config c;                                        // LAN: 200 ms gossip
  EXPECT_EQ(c.default_query_timeout(1), 3200ms);   // ceil(log10 2) = 1
  EXPECT_EQ(c.default_query_timeout(9), 3200ms);   // ceil(log10 10) = 1
  EXPECT_EQ(c.default_query_timeout(10), 6400ms);  // ceil(log10 11) = 2
  EXPECT_EQ(c.default_query_timeout(100), 9600ms);
}

Member member(const std::string& name, Tags tags = {}) {
  Member m;
  m.name = name;
  m.tags = std::move(tags);
  return m;
}

TEST(MemberCoalescer, OnlyTheLatestEventPerMemberIsDeliveredAfterQuiescence) {
  MemberEventCoalescer c;
  c.add({MemberEventType::join, {member("a")}}, Time{0s});
  c.add({MemberEventType::failed, {member("a")}}, Time{500ms});
  c.add({MemberEventType::join, {member("b")}}, Time{600ms});
  EXPECT_TRUE(c.flush_due(Time{1500ms}).empty());  // quiet period restarted at 600 ms
  EXPECT_EQ(c.next_deadline(), Time{1600ms});
  auto out = c.flush_due(Time{1600ms});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].type, MemberEventType::join);
  EXPECT_EQ(out[0].members[0].name, "b");
  EXPECT_EQ(out[1].type, MemberEventType::failed);
  EXPECT_EQ(out[1].members[0].name, "a");
}

TEST(MemberCoalescer, TheQuantumBoundsHowLongABusyStreamIsHeld) {
  MemberEventCoalescer c;
  // An event every 500 ms never lets the 1 s quiet period pass...
  for (int i = 0; i < 6; ++i)
    c.add({MemberEventType::join, {member("m" + std::to_string(i))}}, Time{i * 500ms});
  // ...so the 3 s quantum closes the window.
  EXPECT_EQ(c.next_deadline(), Time{3s});
  EXPECT_TRUE(c.flush_due(Time{2999ms}).empty());
  EXPECT_EQ(c.flush_due(Time{3s}).at(0).members.size(), 6u);
}

TEST(MemberCoalescer, RepeatingTheLastDeliveredEventIsSuppressedButChangedTagsAreNot) {
  MemberEventCoalescer c;
  c.add({MemberEventType::update, {member("a", {{"v", "1"}})}}, Time{0s});
  EXPECT_EQ(c.flush().size(), 1u);
  c.add({MemberEventType::update, {member("a", {{"v", "1"}})}}, Time{5s});
  EXPECT_TRUE(c.flush().empty());
  c.add({MemberEventType::update, {member("a", {{"v", "2"}})}}, Time{10s});
  EXPECT_EQ(c.flush().size(), 1u);
}

TEST(UserCoalescer, OnlyCoalescableEventsAreHeldAndTheNewestPerNameWins) {
  UserEventCoalescer c;
  EXPECT_FALSE(c.add(UserEvent{1, "deploy", {}, false}, Time{0s}));
  EXPECT_TRUE(c.add(UserEvent{4, "deploy", {'a'}, true}, Time{0s}));
  EXPECT_TRUE(c.add(UserEvent{3, "deploy", {'b'}, true}, Time{100ms}));
  EXPECT_TRUE(c.add(UserEvent{4, "deploy", {'c'}, true}, Time{200ms}));
  EXPECT_TRUE(c.add(UserEvent{2, "other", {}, true}, Time{300ms}));
  auto out = c.flush_due(Time{1300ms});
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].payload, Bytes{'a'});
  EXPECT_EQ(out[1].payload, Bytes{'c'});
  EXPECT_EQ(out[2].name, "other");
  EXPECT_EQ(c.next_deadline(), core::kNever);
}

}  // namespace
}  // namespace rumor::serf
