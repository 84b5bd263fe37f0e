// The real-protocol mode: a SWIM cluster of core::Nodes in the simulator, stepped in
// virtual time, as the page drives it.
#include <gtest/gtest.h>

#include "websim/protocol_session.hpp"

namespace rumor::websim {
namespace {

ProtocolSession cluster(std::uint64_t seed = 1) {
  return ProtocolSession({{"nodes", "16"}, {"seed", std::to_string(seed)}}, 200);
}

TEST(ProtocolSession, ACrashedNodeIsSuspectedThenDeclaredDead) {
  auto s = cluster();
  for (std::uint32_t x = 0; x < 16; ++x) ASSERT_EQ(s.majority(x), 'a') << x;
  s.crash(3);
  bool suspected = false;
  int steps = 0;
  for (; steps < 300 && s.majority(3) != 'd'; ++steps) {
    s.step(1);
    suspected = suspected || s.majority(3) == 's';
    for (std::uint32_t o = 0; o < 16; ++o) {
      if (o == 3) continue;
      ASSERT_NE(s.believes(o, 3), 'u');
    }
  }
  EXPECT_EQ(s.majority(3), 'd') << "after " << steps << " steps of 200 ms";
  EXPECT_TRUE(suspected) << "Lifeguard suspects before it declares dead";
  for (std::uint32_t x = 0; x < 16; ++x) {
    if (x == 3) continue;
    EXPECT_EQ(s.majority(x), 'a') << "no false positive for " << x;
  }
}

TEST(ProtocolSession, ABroadcastReachesEveryLiveNodeAndStepsListTheirPackets) {
  auto s = cluster();
  s.crash(9);
  s.broadcast(2);
  EXPECT_THROW(s.broadcast(9), ParamError) << "a crashed node sends nothing";
  int steps = 0;
  std::size_t reached = 0;
  for (; steps < 100 && reached < 15; ++steps) {
    s.step(1);
    ASSERT_FALSE(s.sends().empty()) << "gossip every step";
    for (const auto& m : s.sends()) EXPECT_NE(m.from, 9u) << "a crashed node sends nothing";
    reached = 0;
    for (std::uint32_t x = 0; x < 16; ++x) reached += s.has_broadcast(x);
  }
  EXPECT_EQ(reached, 15u);
  EXPECT_FALSE(s.has_broadcast(9));
  EXPECT_LT(steps, 20) << "an epidemic broadcast takes a few gossip intervals";
  const auto st = s.state(std::nullopt);
  EXPECT_EQ(st["reached"], 15);
  EXPECT_EQ(st["crashed"].get<std::string>()[9], 'x');
}

// The state says what the page follows (the latest crash), how many live nodes have
// declared it dead so far, and when the model expects that: the detection, measured,
// falls inside the predicted window.
TEST(ProtocolSession, ACrashsDetectionIsCountedAndFallsInThePredictedWindow) {
  auto s = cluster();
  EXPECT_EQ(s.state(std::nullopt)["event"]["kind"], "none");
  s.crash(3);
  auto st = s.state(std::nullopt);
  EXPECT_EQ(st["event"]["kind"], "crash");
  EXPECT_EQ(st["event"]["node"], 3);
  EXPECT_EQ(st["declared_dead"], 0);
  EXPECT_EQ(st["live"], 15);
  const double lo = st["prediction"]["dead_min_s"], hi = st["prediction"]["dead_max_s"];
  ASSERT_LT(lo, hi);
  int steps = 0;
  std::uint32_t dead = 0, most = 0;
  for (; steps < 300 && dead < 15; ++steps) {
    s.step(1);
    dead = s.believing('d');
    EXPECT_GE(dead, most) << "declarations only grow";
    most = dead;
  }
  ASSERT_EQ(dead, 15u);
  st = s.state(std::nullopt);
  EXPECT_EQ(st["declared_dead"], 15);
  const double took = st["event"]["since_ms"].get<double>() / 1000;
  EXPECT_GE(took, lo - 0.5) << "Lifeguard waits at least the shortest suspicion timeout";
  EXPECT_LE(took, hi);
}

// A broadcast's state carries the mean field's prediction: a curve per step rising to
// everyone, and a time the real protocol's spread is close to.
TEST(ProtocolSession, ABroadcastsPredictionIsACurveTheRunFollows) {
  auto s = cluster();
  s.broadcast(2);
  auto st = s.state(std::nullopt);
  EXPECT_EQ(st["event"]["kind"], "broadcast");
  const auto curve = st["prediction"]["reached"].get<std::vector<double>>();
  ASSERT_GE(curve.size(), 2u);
  for (std::size_t i = 1; i < curve.size(); ++i) EXPECT_GE(curve[i], curve[i - 1]);
  EXPECT_GT(curve.back(), 0.95);
  const double predicted = st["prediction"]["seconds"];
  EXPECT_GT(predicted, 0.2);
  int steps = 0;
  while (steps < 100 && s.state(std::nullopt)["reached"] < 16) s.step(1), ++steps;
  const double took = steps * 0.2;
  EXPECT_LE(took, 3 * predicted + 0.4) << "predicted " << predicted << " s";
}

TEST(ProtocolSession, IsDeterministicForASeed) {
  auto a = cluster(4), b = cluster(4), c = cluster(5);
  for (auto* s : {&a, &b, &c}) {
    s->crash(1);
    s->step(20);
  }
  EXPECT_EQ(a.trace_hash(), b.trace_hash());
  EXPECT_EQ(a.state(0).dump(), b.state(0).dump());
  EXPECT_NE(a.trace_hash(), c.trace_hash());
}

}  // namespace
}  // namespace rumor::websim
