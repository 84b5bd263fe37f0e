// Trials: same seed, same results; the thread count changes nothing; statistics.
#include "lab/trials.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "lab/random.hpp"

namespace rumor::lab {
namespace {

Params small(Algorithm a) {
  Params p;
  p.algorithm = a;
  p.nodes = 500;
  p.seed = 99;
  p.loss = 0.1;
  p.failed = 0.1;
  return p;
}

void expect_same(const Experiment& a, const Experiment& b) {
  ASSERT_EQ(a.spread.size(), b.spread.size());
  for (std::size_t i = 0; i < a.spread.size(); ++i) {
    EXPECT_EQ(a.spread[i].residue, b.spread[i].residue) << i;
    EXPECT_EQ(a.spread[i].traffic, b.spread[i].traffic) << i;
    EXPECT_EQ(a.spread[i].t_ave, b.spread[i].t_ave) << i;
    EXPECT_EQ(a.spread[i].t_last, b.spread[i].t_last) << i;
    EXPECT_EQ(a.spread[i].informed, b.spread[i].informed) << i;
  }
  ASSERT_EQ(a.push_sum.size(), b.push_sum.size());
  for (std::size_t i = 0; i < a.push_sum.size(); ++i) {
    EXPECT_EQ(a.push_sum[i].rel_error, b.push_sum[i].rel_error) << i;
    EXPECT_EQ(a.push_sum[i].rms_error, b.push_sum[i].rms_error) << i;
  }
}

TEST(Trials, TheSameSeedGivesTheSameResults) {
  for (const Algorithm a : {Algorithm::anti_entropy, Algorithm::rumor, Algorithm::push_sum})
    expect_same(run_experiment(small(a), 6, 2), run_experiment(small(a), 6, 2));
}

TEST(Trials, OneAndTwoThreadsGiveTheSameTrials) {
  for (const Algorithm a : {Algorithm::anti_entropy, Algorithm::rumor, Algorithm::push_sum}) {
    const Experiment one = run_experiment(small(a), 7, 1), two = run_experiment(small(a), 7, 2);
    EXPECT_EQ(one.threads, 1u);
    EXPECT_EQ(two.threads, 2u);
    expect_same(one, two);
  }
}

TEST(Trials, DifferentSeedsAndDifferentTrialsDiffer) {
  Params p = small(Algorithm::rumor);
  const Experiment a = run_experiment(p, 4, 2);
  p.seed = 100;
  const Experiment b = run_experiment(p, 4, 2);
  EXPECT_NE(a.spread[0].informed, b.spread[0].informed);
  EXPECT_NE(a.spread[0].informed, a.spread[1].informed);
  EXPECT_NE(trial_seed(1, 0), trial_seed(1, 1));
  EXPECT_NE(trial_seed(1, 1), trial_seed(2, 0));
}

TEST(Trials, CountTheirCycles) {
  const Experiment e = run_experiment(small(Algorithm::anti_entropy), 3, 2);
  std::uint64_t cycles = 0;
  for (const auto& r : e.spread) cycles += static_cast<std::uint64_t>(r.rounds);
  EXPECT_EQ(e.cycles, cycles);
  EXPECT_GT(e.seconds, 0);
}

TEST(ParallelMap, KeepsIndexOrderAndRethrows) {
  const auto squares = parallel_map<int>(100, 2, [](std::size_t i) { return int(i * i); });
  for (std::size_t i = 0; i < squares.size(); ++i) EXPECT_EQ(squares[i], int(i * i));
  EXPECT_THROW(parallel_map<int>(10, 2,
                                 [](std::size_t i) -> int {
                                   if (i == 3) throw std::runtime_error("trial 3");
                                   return 0;
                                 }),
               std::runtime_error);
}

TEST(Summarize, GivesMeanSampleSdAndPercentiles) {
  const Stat s = summarize({1, 2, 3, 4, std::numeric_limits<double>::quiet_NaN(), 5});
  EXPECT_DOUBLE_EQ(s.mean, 3);
  EXPECT_DOUBLE_EQ(s.sd, std::sqrt(2.5));
  EXPECT_DOUBLE_EQ(s.min, 1);
  EXPECT_DOUBLE_EQ(s.max, 5);
  EXPECT_DOUBLE_EQ(s.median, 3);
  EXPECT_DOUBLE_EQ(s.p10, 1.4);
  EXPECT_DOUBLE_EQ(s.p90, 4.6);
  EXPECT_EQ(summarize({7}).sd, 0);
  EXPECT_TRUE(std::isnan(summarize({}).mean));
}

TEST(Summarize, CurvesArePaddedWithEachTrialsLastValue) {
  const std::vector<double> a{0, 0.5, 1}, b{0, 1};
  const Curve c = summarize_curves({&a, &b});
  EXPECT_EQ(c.mean, (std::vector<double>{0, 0.75, 1}));
}

}  // namespace
}  // namespace rumor::lab
