// What `--plot` draws: the time series the scenarios record (bounded, sampled without
// perturbing the run) and the SVG charts made of them (well-formed, holding the series).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plot/svg_chart.hpp"
#include "sim/cluster.hpp"
#include "sim/converge.hpp"
#include "sim/converge_chart.hpp"
#include "sim/scenario_charts.hpp"
#include "sim/scenarios.hpp"
#include "sim/time_series.hpp"

namespace rumor::sim {
namespace {

using namespace std::chrono_literals;

ScenarioParams small(std::size_t nodes) {
  ScenarioParams p;
  p.nodes = nodes;
  p.seed = 1;
  p.duration_s = 20;
  return p;
}

// Tags open and close in order (XML's nesting rule, without a full parser); returns an
// error or empty.
std::string check_balanced(const std::string& svg) {
  std::vector<std::string> open;
  for (std::size_t i = svg.find('<'); i != std::string::npos; i = svg.find('<', i + 1)) {
    const std::size_t end = svg.find('>', i);
    if (end == std::string::npos) return "unterminated tag at " + std::to_string(i);
    const std::string tag = svg.substr(i + 1, end - i - 1);
    if (tag.empty() || tag[0] == '?' || tag[0] == '!') continue;
    const std::string name =
        tag.substr(tag[0] == '/', tag.find_first_of(" />", 1) - (tag[0] == '/'));
    if (tag[0] == '/') {
      if (open.empty() || open.back() != name) return "unexpected </" + name + ">";
      open.pop_back();
    } else if (tag.back() != '/') {
      open.push_back(name);
    }
  }
  return open.empty() ? "" : "unclosed <" + open.back() + ">";
}

void expect_chart(const plot::Chart& c, std::size_t min_series) {
  ASSERT_GE(c.series.size(), min_series);
  const std::string svg = plot::render_svg(c);
  EXPECT_EQ(check_balanced(svg), "");
  EXPECT_EQ(svg.rfind("<svg", 0), std::string::npos) << "starts with the XML declaration";
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  for (const plot::Series& s : c.series) {
    EXPECT_GE(s.points.size(), 2u) << s.name;
    EXPECT_NE(svg.find(plot::escape_xml(s.name)), std::string::npos) << s.name;
  }
  EXPECT_NE(svg.find("<polyline"), std::string::npos);
}

// ---- Sampler --------------------------------------------------------------------------

TEST(Sampler, ReadsOncePerInstantPassedAndEndsWhereTheRunDid) {
  int reads = 0;
  Sampler s("x", core::Time(0), 1s, [&] { return static_cast<double>(++reads); });
  s.poll(core::Time(0));
  s.poll(core::Time(500ms));   // nothing due
  s.poll(core::Time(3500ms));  // instants 1, 2, 3 share one reading
  s.finish(core::Time(3700ms));
  const TimeSeries& t = s.series();
  EXPECT_EQ(t.t_s, (std::vector<double>{0, 1, 2, 3, 3.7}));
  EXPECT_EQ(t.value, (std::vector<double>{1, 2, 2, 2, 3}));
}

TEST(Sampler, StaysBoundedByThinningToEveryOtherInstant) {
  Sampler s(
      "x", core::Time(0), 1s, [] { return 1.0; }, 16);
  for (int i = 0; i <= 1000; ++i) s.poll(core::Time(std::chrono::seconds(i)));
  const TimeSeries& t = s.series();
  EXPECT_LE(t.size(), 16u);
  const double spacing = t.t_s[1] - t.t_s[0];
  EXPECT_GE(t.t_s.back() + 2 * spacing, 1000.0) << "covers the whole run";
  for (std::size_t i = 1; i < t.size(); ++i)
    EXPECT_DOUBLE_EQ(t.t_s[i] - t.t_s[i - 1], t.t_s[1] - t.t_s[0]) << "evenly spaced";
}

TEST(TimeSeries, CumulativeSeriesCountsEventsUpToEachInstant) {
  const TimeSeries t = cumulative_series("n", {3, 1, 2}, 4, 0.5, 5);
  EXPECT_EQ(t.t_s, (std::vector<double>{0, 1, 2, 3, 4}));
  EXPECT_EQ(t.value, (std::vector<double>{0, 0.5, 1, 1.5, 1.5}));
  const TimeSeries r = rate_of(t, "rate");
  EXPECT_EQ(r.value, (std::vector<double>{0.5, 0.5, 0.5, 0}));
}

TEST(TimeSeries, ObservingEveryEventLeavesTheTraceHashAsItWas) {
  auto run = [](bool observe) {
    Engine e(EngineOptions{});
    const MembershipViews& v = e.views();
    Sampler s("seen", e.now(), 50ms, [&v] { return static_cast<double>(v.live_seen_total()); });
    std::function<void()> obs;
    if (observe) obs = [&] { s.poll(e.now()); };
    bootstrap(e, core::Config::lan(), 40, 1s, core::Time(60s), obs);
    return std::make_pair(e.trace_hash(), s.series().size());
  };
  const auto [plain, none] = run(false);
  const auto [sampled, points] = run(true);
  EXPECT_EQ(plain, sampled);
  EXPECT_EQ(none, 0u);
  EXPECT_GT(points, 10u);
}

// ---- scenario series and charts -------------------------------------------------------

TEST(ScenarioSeries, JoinEndsWithEveryNodeKnowingEveryone) {
  const JoinResult r = run_join(small(30));
  ASSERT_TRUE(r.converged);
  ASSERT_GE(r.members_known.size(), 2u);
  EXPECT_DOUBLE_EQ(r.members_known.value.back(), 1.0);
  EXPECT_DOUBLE_EQ(r.complete_views.value.back(), 1.0);
  EXPECT_LT(r.members_known.value.front(), 0.1);
  expect_chart(to_chart(small(30), r), 2);
}

TEST(ScenarioSeries, BroadcastReachedFractionRisesToOne) {
  const BroadcastResult r = run_broadcast(small(30));
  const auto& v = r.reached_fraction.value;
  ASSERT_GE(v.size(), 2u);
  for (std::size_t i = 1; i < v.size(); ++i) EXPECT_GE(v[i], v[i - 1]);
  EXPECT_DOUBLE_EQ(v.back(), 1.0);
  expect_chart(to_chart(small(30), r), 1);
}

TEST(ScenarioSeries, FailureDeclarationsReachEveryHealthyNode) {
  const FailureResult r = run_failure(small(20));
  ASSERT_TRUE(r.detected_all);
  EXPECT_DOUBLE_EQ(r.declared_dead.value.front(), 0.0);
  EXPECT_DOUBLE_EQ(r.declared_dead.value.back(), 1.0);
  expect_chart(to_chart(small(20), r), 1);
}

TEST(ScenarioSeries, StallPartitionAndSteadyHaveChartsToo) {
  ScenarioParams p = small(20);
  p.stall_time_s = 5;
  p.stall_every_s = 10;
  const StallResult st = run_stall(p);
  EXPECT_FALSE(st.suspicions_over_time.value.empty());
  expect_chart(to_chart(p, st), 2);

  ScenarioParams q = small(20);
  q.partition_time_s = 20;
  const PartitionResult pr = run_partition(q);
  ASSERT_TRUE(pr.healed);
  EXPECT_LT(*std::min_element(pr.members_seen.value.begin(), pr.members_seen.value.end()), 0.75)
      << "each side lost sight of the other";
  EXPECT_DOUBLE_EQ(pr.members_seen.value.back(), 1.0);
  expect_chart(to_chart(q, pr), 3);

  const SteadyResult sd = run_steady(small(20));
  ASSERT_GE(sd.bytes_per_node_per_s.size(), 10u);
  EXPECT_GT(sd.bytes_per_node_per_s.value[5], 0);
  expect_chart(to_chart(small(20), sd), 1);
}

TEST(ConvergeChart, HoldsTheModelTheMeanAndTheBand) {
  ConvergeParams p;
  p.base.nodes = 20;
  p.seeds = 2;
  const ConvergeResult r = run_converge(p);
  const plot::Chart c = to_chart(r);
  ASSERT_EQ(c.bands.size(), 1u);
  EXPECT_EQ(c.bands[0].x.size(), r.rounds.size());
  expect_chart(c, 2);
  const std::string svg = plot::render_svg(c);
  EXPECT_NE(svg.find("<polygon"), std::string::npos) << "the percentile band";
  EXPECT_NE(svg.find("Serf&apos;s model"), std::string::npos);
}

}  // namespace
}  // namespace rumor::sim
