// The closed forms themselves.
#include "lab/models.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace rumor::lab {
namespace {

TEST(ResidueRoot, SolvesTheEquationAndIsOneWhenTheEpidemicDiesOut) {
  EXPECT_NEAR(residue_root(2), 0.2032, 1e-4);  // Demers's 20% for k = 1
  EXPECT_NEAR(residue_root(3), 0.0595, 1e-4);
  for (double lambda : {1.5, 2.0, 4.0, 6.0}) {
    const double s = residue_root(lambda);
    EXPECT_NEAR(s, std::exp(-lambda * (1 - s)), 1e-12);
    EXPECT_LT(s, 1);
  }
  EXPECT_EQ(residue_root(1), 1);
  EXPECT_EQ(residue_root(0.3), 1);
}

TEST(CounterTrafficBounds, AreDemersKPlusOneMMinusOneAndKTwoMMinusOne) {
  const Bounds b = counter_traffic_bounds(2, 0.5, 100);  // m = 50 removed sites
  EXPECT_DOUBLE_EQ(b.lo, (3 * 50 - 1) / 100.0);
  EXPECT_DOUBLE_EQ(b.hi, 2 * (2 * 50 - 1) / 100.0);
}

TEST(PushSumDecay, IsAboutOneHalf) {
  EXPECT_NEAR(push_sum_decay(1000), 0.5 - 3.0 / 4000, 1e-5);
  EXPECT_LT(push_sum_decay(10), 0.5);
  EXPECT_NEAR(push_sum_decay(1u << 30), 0.5, 1e-8);
}

Params anti_entropy(Mode m) {
  Params p;
  p.algorithm = Algorithm::anti_entropy;
  p.mode = m;
  p.nodes = 1u << 20;
  return p;
}

TEST(MeanField, PullSquaresTheSusceptibleFractionAtTheEnd) {
  const Prediction pr = predict(anti_entropy(Mode::pull));
  const auto& x = pr.informed;
  std::size_t t = 0;  // the first cycle with under 0.1% left: from there, p' = p^2
  while (t + 1 < x.size() && 1 - x[t] >= 1e-3) ++t;
  ASSERT_LT(t + 1, x.size());
  EXPECT_NEAR(std::log(1 - x[t + 1]) / std::log(1 - x[t]), 2, 0.05);
}

TEST(MeanField, PushPullIsFasterThanEitherAndNearLog3N) {
  const Prediction push = predict(anti_entropy(Mode::push));
  const Prediction pull = predict(anti_entropy(Mode::pull));
  const Prediction both = predict(anti_entropy(Mode::push_pull));
  EXPECT_LT(*both.t_last, *pull.t_last);
  EXPECT_LT(*pull.t_last, *push.t_last);
  EXPECT_NEAR(*push.t_last, *push.t_last_asymptotic, 2.5);
  EXPECT_GE(*both.t_last, *both.t_last_asymptotic);
  EXPECT_LE(*both.t_last, *both.t_last_asymptotic + std::log2(20.0));
}

TEST(Predict, SaysWhenThereIsNoClosedForm) {
  Params p;
  p.mode = Mode::pull;
  EXPECT_FALSE(predict(p).residue);
  EXPECT_FALSE(predict(p).basis.empty());
  p.mode = Mode::push;
  EXPECT_TRUE(predict(p).residue);
  p.connection_limit = 1;
  EXPECT_FALSE(predict(p).residue);
  Params sum;
  sum.algorithm = Algorithm::push_sum;
  sum.aggregate = Aggregate::count;
  EXPECT_TRUE(predict(sum).rms_error.empty());
}

}  // namespace
}  // namespace rumor::lab
