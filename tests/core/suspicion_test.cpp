#include "core/suspicion.hpp"

#include <gtest/gtest.h>

#include "core/awareness.hpp"

using namespace rumor::core;

TEST(Suspicion, StartsAtTheMaximumTimeout) {
  Suspicion s("a", 2, 2s, 12s, Time{0});
  EXPECT_EQ(s.deadline(), Time{12s});
}

TEST(Suspicion, IndependentConfirmationsShrinkTheTimeoutLogarithmically) {
  Suspicion s("a", 2, 2s, 12s, Time{0});
  EXPECT_TRUE(s.confirm("b"));
  // 12 - 10 * ln 2 / ln 3 = 5.69 s
  EXPECT_NEAR(std::chrono::duration<double>(s.deadline()).count(), 5.6907, 1e-3);
  EXPECT_TRUE(s.confirm("c"));
  EXPECT_EQ(s.deadline(), Time{2s});
}

TEST(Suspicion, RepeatedOrOriginalAccusersDoNotCount) {
  Suspicion s("a", 2, 2s, 12s, Time{0});
  EXPECT_FALSE(s.confirm("a"));
  EXPECT_TRUE(s.confirm("b"));
  EXPECT_FALSE(s.confirm("b"));
  EXPECT_EQ(s.confirmations(), 1);
}

TEST(Suspicion, ConfirmationsBeyondKAreIgnored) {
  Suspicion s("a", 1, 2s, 12s, Time{0});
  EXPECT_TRUE(s.confirm("b"));
  EXPECT_FALSE(s.confirm("c"));
  EXPECT_EQ(s.deadline(), Time{2s});
}

TEST(Suspicion, WithNoExpectedConfirmationsTheTimeoutIsTheMinimum) {
  Suspicion s("a", 0, 2s, 12s, Time{5s});
  EXPECT_EQ(s.deadline(), Time{7s});
}

TEST(Awareness, ScoreIsClampedToZeroAndMaxMinusOne) {
  Awareness a(8);
  a.apply_delta(-3);
  EXPECT_EQ(a.score(), 0);
  a.apply_delta(100);
  EXPECT_EQ(a.score(), 7);
  EXPECT_EQ(a.scale(1s), 8s);
}
