// The heavy simulator specifications: a 1,000-node cluster (LAN profile) and the long
// lossy and stall runs. Labelled sim_heavy (ctest -LE sim_heavy skips them, e.g. under
// ASan). Virtual time and fixed seeds only.
#include <gtest/gtest.h>

#include "sim/cluster.hpp"
#include "sim/deaths.hpp"
#include "sim/engine.hpp"
#include "sim/scenarios.hpp"

namespace rumor::sim {
namespace {

using namespace std::chrono_literals;

// One 1,000-node cluster serves three properties, checked in order: bringing it up is
// most of the cost, and each property is still asserted (and reported) on its own.
TEST(ThousandNodes, JoinThroughOneSeedThenOneBroadcastReachesAllThenACrashIsDetected) {
  constexpr std::size_t kN = 1000;
  EngineOptions o;
  o.seed = 1000;
  Engine e(o);
  const core::Config cfg = core::Config::lan();

  // 1. All 1,000 nodes join through node 0 and each sees 1,000 alive.
  const auto t = bootstrap(e, cfg, kN, 2s, core::Time(180s));
  ASSERT_TRUE(t.has_value()) << "not converged; complete views: " << e.views().complete_observers();
  for (NodeId i = 0; i < kN; i += 97) EXPECT_EQ(e.node(i).num_alive(), kN) << "node " << i;
  settle(e, e.now() + 60s);

  // 2. One user broadcast reaches all 1,000.
  const core::Time tb = e.now();
  const std::uint64_t id = e.broadcast(17, 32);
  const auto& log = e.broadcasts();
  EXPECT_TRUE(e.run_until(tb + 30s, [&] { return log.find(id)->reached == kN; }))
      << "reached " << log.find(id)->reached;

  // 3. A crashed node is declared dead by every healthy node within suspicion_max plus
  //    a few probe periods (detection before the suspicion, gossip after).
  const NodeId victim = 500;
  std::vector<bool> healthy(kN, true);
  healthy[victim] = false;
  const core::Time tc = e.now();
  e.crash(victim);
  DeathTally tally(e.views(), healthy, {victim}, tc);
  const core::Duration bound = cfg.suspicion_max(kN) + 5 * cfg.probe_interval;
  EXPECT_TRUE(e.run_until(tc + bound, [&] { return tally.update(); }))
      << "declared by " << tally.subjects()[0].declared << " of " << tally.needed();
}

// consul#8435's busy cluster at 1,000 Serf nodes: user events and 100 membership
// updates a second. The leave reaches everyone either way, but with memberlist's packet
// filling (membership_share 1.0) the user events starve behind the membership news
// (memberlist#299 at the Serf level); rumor's share keeps them flowing.
TEST(ThousandNodes, ALeaveAmidMembershipChurnGetsOutAndOnlyMemberlistsFillingStarvesEvents) {
  auto run = [](double share) {
    ScenarioParams p;
    p.nodes = 1000;
    p.preconverged = true;
    p.events_per_s = 20.0;
    p.churn_per_s = 100.0;
    p.membership_share = share;
    return run_leave(p);
  };
  const LeaveResult ours = run(0.5), memberlists = run(1.0);
  for (const LeaveResult* r : {&ours, &memberlists}) {
    ASSERT_TRUE(r->leave_done_s.has_value());
    EXPECT_EQ(r->knew_at_shutdown, r->observers);
    EXPECT_EQ(r->seen_left, r->observers);
    EXPECT_EQ(r->seen_failed, 0u);
  }
  ASSERT_TRUE(ours.run.serf && memberlists.run.serf);
  const auto delivered = [](const LeaveResult& r) { return r.run.serf->figures.event_deliveries; };
  EXPECT_GT(delivered(ours), 10 * delivered(memberlists))
      << delivered(ours) << " against " << delivered(memberlists);
}

TEST(LossyCluster, HundredNodesAtTenPercentLossForTenMinutesDeclareNobodyDead) {
  ScenarioParams p;
  p.nodes = 100;
  p.seed = 10;
  p.loss = 0.10;
  p.duration_s = 600;
  const SteadyResult r = run_steady(p);
  ASSERT_TRUE(r.cluster_converged);
  EXPECT_EQ(r.false_positives, 0u);
  EXPECT_GT(r.traffic.net.dropped_lost, 0u);
}

// The Lifeguard paper's experiment, scaled down: a fifth of the nodes are slow (stalled
// 0.9 s of every second) on a lossy network. At this size a run shows a few false deaths
// at most, so the comparison sums four seeds rather than trusting one.
ScenarioParams slow_nodes(bool lifeguard, std::uint64_t seed) {
  ScenarioParams p;
  p.nodes = 100;
  p.seed = seed;
  p.loss = 0.20;
  p.stall = 20;
  p.stall_time_s = 0.9;
  p.stall_every_s = 1.0;
  p.duration_s = 120;
  p.lifeguard = lifeguard;
  return p;
}

std::size_t false_deaths(bool lifeguard, StallOrder order) {
  std::size_t total = 0;
  for (std::uint64_t seed = 5; seed <= 8; ++seed) {
    ScenarioParams p = slow_nodes(lifeguard, seed);
    p.stall_order = order;
    total += run_stall(p).false_positives;
  }
  return total;
}

TEST(StallScenario, LifeguardMeansFewerHealthyNodesDeclaredDeadBecauseOfSlowOnes) {
  const std::size_t on = false_deaths(true, StallOrder::queue_first);
  const std::size_t off = false_deaths(false, StallOrder::queue_first);
  EXPECT_LT(on, off);
  EXPECT_GT(off, 0u);  // the experiment shows something at all
}

TEST(StallScenario, LifeguardHelpsWhenSlowNodesRunTimersBeforeReadingToo) {
  EXPECT_LT(false_deaths(true, StallOrder::timers_first),
            false_deaths(false, StallOrder::timers_first));
}

}  // namespace
}  // namespace rumor::sim
