// `rumor sim converge`: Serf's model checked against its formula, and the measured curve
// of the real protocol on small clusters with fixed seeds (virtual time, no sleeps).
#include "sim/converge.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "sim/converge_model.hpp"
#include "sim/converge_report.hpp"

namespace rumor::sim {
namespace {

ConvergeModel model(std::size_t n, int fanout = 3, double loss = 0, double failed = 0) {
  ConvergeModel m;
  m.nodes = n;
  m.fanout = fanout;
  m.loss = loss;
  m.failed = failed;
  m.interval_s = 0.2;
  return m;
}

ConvergeParams small(std::size_t nodes, std::size_t seeds, double failed = 0) {
  ConvergeParams p;
  p.base.nodes = nodes;
  p.base.seed = 1;
  p.seeds = seeds;
  p.failed = failed;
  p.threads = 2;
  return p;
}

// ---- the model ------------------------------------------------------------------------

TEST(ConvergeModel, AtRoundZeroOnlyTheOriginOfNPlusTwoKnows) {
  for (std::size_t n : {2u, 30u, 1000u, 100000u})
    EXPECT_DOUBLE_EQ(model(n).fraction_at(0), 1.0 / static_cast<double>(n + 2)) << n;
}

TEST(ConvergeModel, BetaIsHalfTheFanoutDiscountedByLossAndFailures) {
  EXPECT_DOUBLE_EQ(model(100, 3).beta(), 1.5);
  EXPECT_DOUBLE_EQ(model(100, 4, 0.25).beta(), 4 * 0.75 / 2);
  EXPECT_DOUBLE_EQ(model(100, 4, 0, 0.5).beta(), 1.0);
  EXPECT_DOUBLE_EQ(model(100, 3, 0.1, 0.2).beta(), 3 * 0.9 * 0.8 / 2);
  EXPECT_LT(model(100, 3, 0.1).beta(), model(100, 3).beta());
  EXPECT_LT(model(100, 3, 0, 0.1).beta(), model(100, 3).beta());
}

TEST(ConvergeModel, HalfTheClusterKnowsAfterLnNPlusOneOverBetaRounds) {
  for (std::size_t n : {30u, 1000u, 10000u}) {
    const ConvergeModel m = model(n, 3, 0.1, 0.05);
    const double x = std::log(static_cast<double>(n) + 1) / m.beta();
    EXPECT_NEAR(m.rounds_to(0.5), x, 1e-9) << n;
    EXPECT_NEAR(m.fraction_at(x), 0.5, 1e-12) << n;
    EXPECT_NEAR(m.seconds_to(0.5), x * 0.2, 1e-9) << n;
  }
}

TEST(ConvergeModel, RoundsToIsTheInverseOfFractionAt) {
  const ConvergeModel m = model(1000, 3, 0.2, 0.1);
  for (double q : {0.1, 0.5, 0.9, 0.99, 0.9999})
    EXPECT_NEAR(m.fraction_at(m.rounds_to(q)), q, 1e-9);
  EXPECT_EQ(m.rounds_to(0.0005), 0.0) << "below 1/(n+2) the cluster is already there";
}

TEST(ConvergeModel, LossAndFailuresSlowConvergenceInProportionToBeta) {
  const ConvergeModel clean = model(1000), lossy = model(1000, 3, 0.5),
                      failing = model(1000, 3, 0, 0.5);
  EXPECT_NEAR(lossy.rounds_to(0.99), 2 * clean.rounds_to(0.99), 1e-9);
  EXPECT_NEAR(failing.rounds_to(0.99), 2 * clean.rounds_to(0.99), 1e-9);
}

TEST(ConvergeModel, BandwidthIsTwoFullPacketsPerFanoutPerInterval) {
  EXPECT_DOUBLE_EQ(model(30, 3).bandwidth_bytes_per_s(), 2 * 1400 * 3 / 0.2);
}

// ---- the measurement ------------------------------------------------------------------

TEST(ConvergeMeasured, TheCurveNeverFallsAndReachesEveryLiveNodeOfASmallCluster) {
  const ConvergeResult r = run_converge(small(40, 4));
  ASSERT_EQ(r.runs.size(), 4u);
  ASSERT_FALSE(r.rounds.empty());
  for (std::size_t i = 1; i < r.mean.size(); ++i) {
    EXPECT_GE(r.mean[i], r.mean[i - 1]) << "at round " << r.rounds[i];
    EXPECT_LE(r.p5[i], r.mean[i] + 1e-12);
    EXPECT_GE(r.p95[i], r.mean[i] - 1e-12);
  }
  EXPECT_GE(r.mean.back(), 0.99);
  for (const ConvergeRun& run : r.runs) {
    EXPECT_TRUE(run.cluster_converged);
    EXPECT_GE(run.reached, run.live_nodes * 99 / 100) << "seed " << run.seed;
  }
  EXPECT_EQ(r.time_to_s[0].count, 4u);
  EXPECT_LE(r.time_to_s[0].mean, r.time_to_s[1].mean);
}

TEST(ConvergeMeasured, ASeedGivesTheSameRunWhateverTheThreads) {
  ConvergeParams one = small(30, 3);
  one.threads = 1;
  const ConvergeResult a = run_converge(one), b = run_converge(small(30, 3));
  ASSERT_EQ(a.runs.size(), b.runs.size());
  for (std::size_t i = 0; i < a.runs.size(); ++i) {
    EXPECT_EQ(a.runs[i].trace_hash, b.runs[i].trace_hash);
    EXPECT_EQ(a.runs[i].receipts_s, b.runs[i].receipts_s);
  }
  EXPECT_EQ(a.mean, b.mean);
  EXPECT_NE(a.runs[0].trace_hash, a.runs[1].trace_hash) << "seeds differ";
}

TEST(ConvergeMeasured, FailedNodesAreCrashedAndOnlyLiveOnesCount) {
  const ConvergeRun run = run_converge_seed(small(40, 1, 0.25), 3);
  EXPECT_EQ(run.live_nodes, 30u);
  EXPECT_LE(run.reached, run.live_nodes);
  EXPECT_GE(run.reached, 29u);
}

TEST(ConvergeMeasured, TheSimulatorRunsWithTheChosenIntervalAndFanout) {
  ConvergeParams p = small(40, 2);
  p.base.gossip_interval_s = 0.5;
  p.base.gossip_nodes = 1;
  const ConvergeResult slow = run_converge(p);
  EXPECT_DOUBLE_EQ(slow.model.interval_s, 0.5);
  EXPECT_EQ(slow.model.fanout, 1);
  const ConvergeResult fast = run_converge(small(40, 2));
  ASSERT_GT(slow.time_to_s[1].count, 0u);
  EXPECT_GT(slow.time_to_s[1].mean, 2 * fast.time_to_s[1].mean)
      << "a slower, narrower gossip must take visibly longer";
}

TEST(ConvergeMeasured, FractionReachedCountsReceiptsUpToTheInstant) {
  const std::vector<double> receipts = {0, 0.1, 0.1, 0.4};
  EXPECT_DOUBLE_EQ(fraction_reached(receipts, 8, -1), 0);
  EXPECT_DOUBLE_EQ(fraction_reached(receipts, 8, 0), 1.0 / 8);
  EXPECT_DOUBLE_EQ(fraction_reached(receipts, 8, 0.1), 3.0 / 8);
  EXPECT_DOUBLE_EQ(fraction_reached(receipts, 8, 1), 4.0 / 8);
}

// ---- the report -----------------------------------------------------------------------

TEST(ConvergeReport, JsonHasStableKeysForModelAndMeasurement) {
  const ConvergeResult r = run_converge(small(20, 2));
  const auto j = to_json(r);
  for (const char* k : {"command", "params", "model", "measured", "curve", "runs"})
    EXPECT_TRUE(j.contains(k)) << k;
  for (const char* k : {"p50", "p90", "p99", "p99_99"}) {
    EXPECT_TRUE(j["model"]["time_to"].contains(k)) << k;
    EXPECT_TRUE(j["measured"]["time_to"].contains(k)) << k;
  }
  EXPECT_EQ(j["curve"]["rounds"].size(), j["curve"]["mean"].size());
  EXPECT_EQ(j["curve"]["model"].size(), j["curve"]["p95"].size());
  EXPECT_DOUBLE_EQ(j["model"]["time_to"]["p50"]["rounds"].get<double>(), r.model.rounds_to(0.5));
  const std::string text = to_text(r);
  EXPECT_NE(text.find("99.99%"), std::string::npos);
  EXPECT_NE(text.find("bandwidth"), std::string::npos);
}

}  // namespace
}  // namespace rumor::sim
