// Membership views: the incremental bookkeeping behind "everyone sees everyone".
#include "sim/views.hpp"

#include <gtest/gtest.h>

#include "sim/deaths.hpp"

namespace rumor::sim {
namespace {

MembershipViews cluster(std::size_t n) {
  MembershipViews v;
  v.resize(n);
  for (NodeId i = 0; i < n; ++i) {
    v.set_live(i, true);
    v.set_alive(i, i, true);
  }
  return v;
}

TEST(Views, ConvergedOnlyWhenEveryLiveNodeSeesEveryLiveNode) {
  MembershipViews v = cluster(3);
  EXPECT_FALSE(v.converged());
  for (NodeId o = 0; o < 3; ++o)
    for (NodeId s = 0; s < 3; ++s) v.set_alive(o, s, true);
  EXPECT_TRUE(v.converged());
  v.set_alive(2, 0, false);
  EXPECT_FALSE(v.converged());
}

TEST(Views, ACrashedNodeNeitherCountsNorNeedsToBeSeen) {
  MembershipViews v = cluster(3);
  for (NodeId o = 0; o < 2; ++o)
    for (NodeId s = 0; s < 2; ++s) v.set_alive(o, s, true);
  EXPECT_FALSE(v.converged());  // node 2 is live and unseen
  v.set_live(2, false);
  EXPECT_TRUE(v.converged());
  v.set_alive(0, 2, true);  // believing a dead node alive does not complete anything
  EXPECT_EQ(v.live_seen(0), 2u);
}

TEST(Views, ResetObserverForgetsEverythingItSaw) {
  MembershipViews v = cluster(70);  // more than one 64-bit word per row
  for (NodeId s = 0; s < 70; ++s) v.set_alive(5, s, true);
  EXPECT_EQ(v.live_seen(5), 70u);
  v.reset_observer(5);
  EXPECT_EQ(v.live_seen(5), 0u);
  EXPECT_FALSE(v.sees_alive(5, 69));
}

TEST(Views, GrowingKeepsOpinions) {
  MembershipViews v = cluster(10);
  v.set_alive(3, 7, true);
  v.resize(200);
  EXPECT_TRUE(v.sees_alive(3, 7));
  EXPECT_FALSE(v.sees_alive(3, 150));
}

TEST(DeathTally, CountsEachObserverOnceAndNotesFirstAndLast) {
  MembershipViews v = cluster(4);
  DeathTally t(v, {true, true, false, false}, {3}, core::Time(0));
  v.record_death(core::Time(10), 0, 3);
  v.record_death(core::Time(11), 0, 3);  // repeat
  v.record_death(core::Time(12), 2, 3);  // not a counted observer
  EXPECT_FALSE(t.update());
  v.record_death(core::Time(20), 1, 3);
  EXPECT_TRUE(t.update());
  EXPECT_EQ(t.subjects()[0].first, core::Time(10));
  EXPECT_EQ(t.subjects()[0].last, core::Time(20));
}

}  // namespace
}  // namespace rumor::sim
