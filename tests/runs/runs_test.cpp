// Named runs: the checks every front end (the CLI, the Python module) shares, and the
// JSON they return.
#include <gtest/gtest.h>

#include "runs/lab_words.hpp"
#include "runs/scenario_words.hpp"

namespace rumor::runs {
namespace {

std::string scenario_error(std::string_view scenario, sim::ScenarioParams p, ScenarioWords w = {}) {
  return apply(scenario, w, p);
}

TEST(ScenarioWords, TheDefaultsOfEveryScenarioAreAccepted) {
  for (auto s : kScenarios) EXPECT_EQ(scenario_error(s, {}), "") << s;
}

TEST(ScenarioWords, EachProblemIsNamedAsTheCliFlag) {
  sim::ScenarioParams p;
  p.nodes = 1;
  EXPECT_EQ(scenario_error("broadcast", p), "--nodes: this scenario needs at least 2");
  EXPECT_EQ(scenario_error("join", p), "");
  p = {};
  p.crash = p.nodes;
  EXPECT_EQ(scenario_error("failure", p), "--crash: must be less than --nodes");
  p = {};
  p.loss = 1.5;
  EXPECT_EQ(scenario_error("broadcast", p), "--loss: must be in [0, 1]");
  p = {};
  p.payload_bytes = 4;
  EXPECT_EQ(scenario_error("broadcast", p), "--payload-bytes: must be in [12, 1200]");
  p = {};
  p.restart_fraction = 0;
  EXPECT_EQ(scenario_error("mass-restart", p), "--restart-fraction: must be in (0, 1]");
  p = {};
  p.steady_s = 10;
  EXPECT_EQ(scenario_error("steady", p), "--steady: only the join scenario has it");
  EXPECT_EQ(scenario_error("join", p), "");
  ScenarioWords w;
  w.profile = "moon";
  EXPECT_EQ(scenario_error("join", {}, w),
            "--profile: expected lan, wan, local or lan-fast, got 'moon'");
  w = {};
  w.latency_ms = -1;
  EXPECT_EQ(scenario_error("join", {}, w), "--latency-ms: must not be negative");
  EXPECT_EQ(scenario_error("gossip", {}), "unknown scenario 'gossip'");
}

TEST(ScenarioWords, WordsSetTheirFields) {
  sim::ScenarioParams p;
  ScenarioWords w;
  w.profile = "wan";
  w.lifeguard = "off";
  w.restart = "keep";
  w.latency_ms = 3;
  ASSERT_EQ(apply("failure", w, p), "");
  EXPECT_EQ(p.profile, core::Profile::wan);
  EXPECT_FALSE(p.lifeguard);
  EXPECT_EQ(p.restart, sim::RestartMode::keep);
  EXPECT_EQ(p.latency_ms, 3.0);
}

TEST(ScenarioWords, TheJsonIsTheReportsWithItsTraceHash) {
  sim::ScenarioParams p;
  p.nodes = 20;
  const auto a = run_scenario_json("broadcast", p);
  EXPECT_EQ(a["scenario"], "broadcast");
  ASSERT_TRUE(a.contains("trace_hash"));
  EXPECT_EQ(a["trace_hash"], run_scenario_json("broadcast", p)["trace_hash"]);  // one seed, one run
}

TEST(LabWords, NamesAndRangesAreCheckedAsTheCliChecksThem) {
  lab::Params p;
  LabWords w;
  w.mode = "shove";
  EXPECT_EQ(apply(w, 1, p), "--mode: expected push | pull | push-pull, got 'shove'");
  w = {};
  EXPECT_EQ(apply(w, 0, p), "--trials: at least 1");
  p.nodes = 1;
  EXPECT_EQ(apply(w, 1, p), "--nodes: at least 2");
  p = {};
  w.coin = true;
  ASSERT_EQ(apply(w, 1, p), "");
  EXPECT_EQ(p.decay, lab::Decay::coin);
}

TEST(LabWords, TheJsonCarriesDemersMeasures) {
  lab::Params p;
  p.nodes = 200;
  const auto j = run_epidemic_json(p, 2, 1);
  EXPECT_TRUE(j.contains("residue"));
  EXPECT_EQ(j["per_trial"]["residue"].size(), 2u);
}

}  // namespace
}  // namespace rumor::runs
