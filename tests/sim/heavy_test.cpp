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
// 0.9 s of every second) on a lossy network. At 10% loss plain SWIM no longer shows
// false deaths here once packets stopped wasting transmissions on repeats (issue 10),
// so the network is lossier.
ScenarioParams slow_nodes(bool lifeguard) {
  ScenarioParams p;
  p.nodes = 100;
  p.seed = 5;
  p.loss = 0.20;
  p.stall = 20;
  p.stall_time_s = 0.9;
  p.stall_every_s = 1.0;
  p.duration_s = 120;
  p.lifeguard = lifeguard;
  return p;
}

TEST(StallScenario, LifeguardMeansFewerHealthyNodesDeclaredDeadBecauseOfSlowOnes) {
  const StallResult on = run_stall(slow_nodes(true));
  const StallResult off = run_stall(slow_nodes(false));
  EXPECT_LT(on.false_positives, off.false_positives);
  EXPECT_GT(off.false_positives, 0u);  // the experiment shows something at all
}

TEST(StallScenario, LifeguardHelpsWhenSlowNodesRunTimersBeforeReadingToo) {
  ScenarioParams on = slow_nodes(true), off = slow_nodes(false);
  on.stall_order = off.stall_order = StallOrder::timers_first;
  EXPECT_LT(run_stall(on).false_positives, run_stall(off).false_positives);
}

}  // namespace
}  // namespace rumor::sim
