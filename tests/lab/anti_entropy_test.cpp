// Anti-entropy against its closed forms: push-pull in about log3 n + O(log log n)
// rounds (Karp et al.), push in about log2 n + ln n (Pittel), every mode against the mean
// field of Demers's recurrences; loss and crashed sites slow it but never stop it.
#include "lab/anti_entropy.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "lab/models.hpp"
#include "lab/summary.hpp"
#include "lab/trials.hpp"

namespace rumor::lab {
namespace {

Params anti_entropy(Mode mode, std::uint32_t n = 1u << 14) {
  Params p;
  p.algorithm = Algorithm::anti_entropy;
  p.mode = mode;
  p.nodes = n;
  p.seed = 11;
  return p;
}

Summary measure(const Params& p, int trials = 20) {
  return summarize(run_experiment(p, trials, 2));
}

TEST(AntiEntropy, PushPullFinishesInAboutLog3NPlusLogLogNRounds) {
  const Params p = anti_entropy(Mode::push_pull);
  const Summary s = measure(p);
  const double n = p.nodes, log3 = std::log(n) / std::log(3.0);
  EXPECT_EQ(s.residue.max, 0);
  EXPECT_GE(s.t_last.min, log3);
  EXPECT_LE(s.t_last.max, log3 + 2 * std::log2(std::log2(n)));
}

TEST(AntiEntropy, PushFinishesInAboutLog2NPlusLnNRounds) {
  const Params p = anti_entropy(Mode::push);
  const Summary s = measure(p);
  const double n = p.nodes;
  EXPECT_NEAR(s.t_last.mean, std::log2(n) + std::log(n), 2.5);
}

TEST(AntiEntropy, EveryModeFollowsItsMeanFieldRecurrence) {
  for (const Mode m : {Mode::push, Mode::pull, Mode::push_pull}) {
    const Params p = anti_entropy(m, 4096);
    const Summary s = measure(p, 30);
    ASSERT_TRUE(s.model.t_ave && s.model.t_last) << name(m);
    EXPECT_NEAR(s.t_ave.mean, *s.model.t_ave, 0.6) << name(m);
    EXPECT_NEAR(s.t_last.mean, *s.model.t_last, 1.6) << name(m);
  }
}

// Pull's end game squares the susceptible fraction each round; push's only divides it
// by e, so pull finishes first although both start by doubling.
TEST(AntiEntropy, PullFinishesBeforePush) {
  EXPECT_LT(measure(anti_entropy(Mode::pull)).t_last.mean,
            measure(anti_entropy(Mode::push)).t_last.mean - 4);
}

TEST(AntiEntropy, EachNodeReceivesTheUpdateExactlyOnceWithoutLoss) {
  const SpreadRun r = run_anti_entropy(anti_entropy(Mode::push_pull, 1000), 5);
  EXPECT_EQ(r.residue, 0);
  EXPECT_DOUBLE_EQ(r.traffic, 999.0 / 1000);
  EXPECT_DOUBLE_EQ(r.informed.back(), 1.0);
  EXPECT_DOUBLE_EQ(r.connections, r.rounds);  // every node calls once per cycle
}

TEST(AntiEntropy, LossSlowsItAndCostsRetransmissionsButEveryoneIsReached) {
  Params p = anti_entropy(Mode::push_pull, 4096);
  const Summary clean = measure(p);
  p.loss = 0.3;
  const Summary lossy = measure(p);
  EXPECT_EQ(lossy.residue.max, 0);
  EXPECT_GT(lossy.t_last.mean, clean.t_last.mean + 1);
  EXPECT_NEAR(lossy.traffic.mean, 1 / 0.7, 0.05);
  EXPECT_NEAR(lossy.t_last.mean, *lossy.model.t_last, 1.6);
}

TEST(AntiEntropy, CrashedNodesAreNotWaitedForButSlowTheRest) {
  Params p = anti_entropy(Mode::push, 4096);
  const Summary clean = measure(p);
  p.failed = 0.4;
  const Summary crashed = measure(p);
  EXPECT_EQ(crashed.residue.max, 0);  // residue counts live nodes only
  EXPECT_GT(crashed.t_last.mean, clean.t_last.mean + 2);
  EXPECT_NEAR(crashed.t_ave.mean, *crashed.model.t_ave, 0.6);
}

TEST(AntiEntropy, AConnectionLimitRefusesCallsAndSlowsPushPull) {
  Params p = anti_entropy(Mode::push_pull, 4096);
  const Summary free = measure(p);
  p.connection_limit = 1;
  const Summary limited = measure(p);
  EXPECT_GT(limited.refused.mean, 0);
  EXPECT_EQ(limited.residue.max, 0);
  EXPECT_GT(limited.t_ave.mean, free.t_ave.mean);
}

TEST(AntiEntropy, TotalLossNeverFinishesAndStopsAtTheCap) {
  Params p = anti_entropy(Mode::push_pull, 100);
  p.loss = 1;
  p.max_rounds = 50;
  const SpreadRun r = run_anti_entropy(p, 1);
  EXPECT_EQ(r.rounds, 50);
  EXPECT_DOUBLE_EQ(r.residue, 0.99);
  EXPECT_FALSE(predict(p).t_last);
}

}  // namespace
}  // namespace rumor::lab
