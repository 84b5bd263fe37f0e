// The snapshot kept from member events and clock moves (agent/snapshotter.hpp).
#include "agent/snapshotter.hpp"

#include <gtest/gtest.h>

namespace rumor::agent {
namespace {

serf::MemberEvent event(serf::MemberEventType type, std::string name, std::uint16_t port) {
  serf::Member m;
  m.name = std::move(name);
  m.address = Address{Ip::v4(10, 0, 0, 1), port};
  m.status = serf::MemberStatus::alive;
  return {type, {m}};
}

using T = serf::MemberEventType;

TEST(Snapshotter, JoinsAndUpdatesListAMemberAndEveryDepartureRemovesIt) {
  Snapshotter s("self");
  s.on_member_event(event(T::join, "b", 7946));
  s.on_member_event(event(T::join, "a", 7946));
  s.on_member_event(event(T::join, "c", 7946));
  s.on_member_event(event(T::update, "b", 8000));  // moved
  s.on_member_event(event(T::failed, "c", 7946));
  Snapshot snap = s.take(0, 0, 0, false);
  EXPECT_EQ(snap.alive,
            (std::vector<Snapshot::Member>{{"a", "10.0.0.1:7946"}, {"b", "10.0.0.1:8000"}}));
  for (T gone : {T::leave, T::reap}) {
    s.on_member_event(event(T::join, "d", 1));
    s.on_member_event(event(gone, "d", 1));
    EXPECT_EQ(s.take(0, 0, 0, false).alive.size(), 2u);
  }
}

TEST(Snapshotter, WeAreNeverListed) {
  Snapshotter s("self");
  s.on_member_event(event(T::join, "self", 7946));
  EXPECT_TRUE(s.take(0, 0, 0, false).alive.empty());
}

TEST(Snapshotter, EveryEventOrClockMoveMarksItChangedUntilTaken) {
  Snapshotter s("self");
  EXPECT_FALSE(s.changed());
  s.on_member_event(event(T::join, "self", 7946));  // our own join moves the clock too
  EXPECT_TRUE(s.changed());
  (void)s.take(1, 0, 0, false);
  EXPECT_FALSE(s.changed());
  s.clock_moved();
  EXPECT_TRUE(s.changed());
  const Snapshot snap = s.take(4, 5, 6, true);
  EXPECT_FALSE(s.changed());
  EXPECT_EQ(snap.member_clock, 4u);
  EXPECT_EQ(snap.event_clock, 5u);
  EXPECT_EQ(snap.query_clock, 6u);
  EXPECT_TRUE(snap.left);
}

}  // namespace
}  // namespace rumor::agent
