// Push-sum (Kempe et al. 2003): the average, the sum and the count converge to the
// truth; mass is conserved; the error falls at the rate the potential argument gives;
// loss and crashed nodes, which break conservation, leave an error floor.
#include "lab/push_sum.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "lab/models.hpp"
#include "lab/summary.hpp"
#include "lab/trials.hpp"

namespace rumor::lab {
namespace {

Params push_sum(Aggregate a, std::uint32_t n = 1000) {
  Params p;
  p.algorithm = Algorithm::push_sum;
  p.aggregate = a;
  p.nodes = n;
  p.seed = 3;
  return p;
}

TEST(PushSum, ConvergesToTheTrueAverage) {
  const Experiment e = run_experiment(push_sum(Aggregate::average), 8, 2);
  for (const PushSumRun& r : e.push_sum) {
    EXPECT_NEAR(r.truth, 50, 3);
    EXPECT_EQ(r.rel_error.size(), static_cast<std::size_t>(r.rounds) + 1);
    EXPECT_GT(r.rel_error.front(), 0.9);  // uniform values: some node is far off at first
    EXPECT_LT(r.rel_error.back(), 1e-4);
  }
}

TEST(PushSum, ConservesMassWithoutLoss) {
  const PushSumRun r = run_push_sum(push_sum(Aggregate::average), 1);
  EXPECT_NEAR(r.weight_left, 1, 1e-12);
  EXPECT_DOUBLE_EQ(r.traffic, r.rounds);  // one message per node per round
}

TEST(PushSum, EstimatesTheCountFromOneUnitOfWeight) {
  Params p = push_sum(Aggregate::count);
  p.rounds = 50;
  const PushSumRun r = run_push_sum(p, 2);
  EXPECT_EQ(r.truth, 1000);
  EXPECT_EQ(r.rel_error.front(), 1.0);  // nobody but the origin has an estimate
  EXPECT_LT(r.rel_error.back(), 1e-3);
}

TEST(PushSum, EstimatesTheSum) {
  const PushSumRun r = run_push_sum(push_sum(Aggregate::sum), 4);
  EXPECT_NEAR(r.truth, 50 * 1000, 3000);
  EXPECT_LT(r.rel_error.back(), 1e-2);
}

TEST(PushSum, AveragesASpikeToo) {
  Params p = push_sum(Aggregate::average);
  p.values = Values::spike;
  const PushSumRun r = run_push_sum(p, 5);
  EXPECT_DOUBLE_EQ(r.truth, 1.0);
  EXPECT_LT(r.rel_error.back(), 1e-3);
}

// E[sum of squared errors] shrinks by rho per round, so the RMS error by sqrt(rho).
TEST(PushSum, RmsErrorFallsAtTheRateOfTheModel) {
  const Summary s = summarize(run_experiment(push_sum(Aggregate::average), 10, 2));
  const double slope = (std::log(s.rms_error.mean[35]) - std::log(s.rms_error.mean[10])) / 25;
  EXPECT_NEAR(slope, std::log(push_sum_decay(1000)) / 2, 0.035);
  ASSERT_FALSE(s.model.rms_error.empty());
  // The level sits a little above the model's: estimates divide by weights that
  // fluctuate too.
  EXPECT_GT(s.rms_error.mean[30], s.model.rms_error[30]);
  EXPECT_LT(s.rms_error.mean[30], 3 * s.model.rms_error[30]);
}

TEST(PushSum, LossAndCrashedNodesLoseMassAndLeaveAnErrorFloor) {
  Params p = push_sum(Aggregate::average);
  p.loss = 0.05;
  const PushSumRun lossy = run_push_sum(p, 6);
  EXPECT_LT(lossy.weight_left, 0.5);
  EXPECT_GT(lossy.rms_error.back(), 1e-4);
  Params q = push_sum(Aggregate::count);
  q.failed = 0.2;
  q.rounds = 50;
  const PushSumRun crashed = run_push_sum(q, 6);
  EXPECT_EQ(crashed.truth, 800);              // the live nodes
  EXPECT_GT(crashed.rel_error.back(), 0.05);  // mass sent to the dead is gone
}

TEST(PushSum, FanoutConvergesFaster) {
  Params p = push_sum(Aggregate::average);
  const double one = run_push_sum(p, 7).rms_error[15];
  p.fanout = 3;
  EXPECT_LT(run_push_sum(p, 7).rms_error[15], one / 10);
}

}  // namespace
}  // namespace rumor::lab
