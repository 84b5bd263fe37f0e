// What the lab prints: JSON keys named as the papers name the measures, a text table,
// a chart; and the parameters' names and checks.
#include <gtest/gtest.h>

#include "lab/chart.hpp"
#include "lab/json.hpp"
#include "lab/params.hpp"
#include "lab/summary.hpp"
#include "lab/text.hpp"
#include "lab/trials.hpp"
#include "plot/svg_chart.hpp"

namespace rumor::lab {
namespace {

Params small(Algorithm a) {
  Params p;
  p.algorithm = a;
  p.nodes = 300;
  return p;
}

TEST(Json, SpreadRunsHaveDemersMeasuresAsNumbersAndTheModelBeside) {
  const Experiment e = run_experiment(small(Algorithm::rumor), 3, 2);
  const auto j = to_json(e, summarize(e));
  for (const char* key : {"residue", "traffic", "t_ave", "t_last"}) {
    ASSERT_TRUE(j.contains(key)) << key;
    EXPECT_TRUE(j[key].is_number()) << key;
    EXPECT_EQ(j["per_trial"][key].size(), 3u) << key;
    EXPECT_TRUE(j["spread"][key].contains("sd")) << key;
  }
  EXPECT_TRUE(j["model"]["residue"].is_number());
  EXPECT_TRUE(j["model"]["t_ave"].is_null());  // no closed form for rumor timing
  EXPECT_EQ(j["params"]["unnecessary"], "round-start");
  EXPECT_EQ(j["params"]["counter_reset"], "necessary");
  EXPECT_EQ(j["params"]["tally"], "cycle");
  EXPECT_EQ(j["trials"], 3);
  EXPECT_NO_THROW((void)j.dump());
}

TEST(Json, PushSumHasARelativeErrorPerRound) {
  Params p = small(Algorithm::push_sum);
  p.aggregate = Aggregate::count;  // estimates undefined at first: errors count as 1
  const Experiment e = run_experiment(p, 2, 2);
  const auto j = to_json(e, summarize(e));
  ASSERT_TRUE(j["rel_error"].is_array());
  EXPECT_EQ(j["rel_error"].size(), static_cast<std::size_t>(push_sum_rounds(p)) + 1);
  EXPECT_EQ(j["rel_error"][0], 1.0);
  EXPECT_TRUE(j["model"]["rms_error"].is_null());
  EXPECT_FALSE(j.contains("residue"));
}

TEST(Text, ShowsEveryMeasureBesideTheModel) {
  const Experiment e = run_experiment(small(Algorithm::anti_entropy), 2, 1);
  const std::string t = to_text(e, summarize(e));
  for (const char* word : {"residue", "traffic", "t_ave", "t_last", "model", "cycles/s"})
    EXPECT_NE(t.find(word), std::string::npos) << word << "\n" << t;
}

TEST(Chart, DrawsTheMeanTheBandAndTheModel) {
  const Experiment e = run_experiment(small(Algorithm::anti_entropy), 4, 2);
  const plot::Chart c = to_chart(e, summarize(e));
  EXPECT_EQ(c.bands.size(), 1u);
  EXPECT_EQ(c.series.size(), 2u);  // measured mean, mean-field model
  const std::string svg = plot::render_svg(c);
  EXPECT_NE(svg.find("<polyline"), std::string::npos);
  EXPECT_NE(svg.find("<polygon"), std::string::npos);
  Params p = small(Algorithm::push_sum);
  const Experiment ps = run_experiment(p, 2, 2);
  EXPECT_TRUE(to_chart(ps, summarize(ps)).y.log);
}

TEST(Params, NamesParseBackAndValidationNamesTheFlag) {
  for (const Algorithm a : {Algorithm::anti_entropy, Algorithm::rumor, Algorithm::push_sum})
    EXPECT_EQ(parse<Algorithm>(name(a)), a);
  for (const Mode m : {Mode::push, Mode::pull, Mode::push_pull}) EXPECT_EQ(parse<Mode>(name(m)), m);
  EXPECT_EQ(parse<Unnecessary>("arrival"), Unnecessary::on_arrival);
  EXPECT_EQ(parse<CounterReset>("never"), CounterReset::never);
  EXPECT_EQ(parse<Tally>("contact"), Tally::per_contact);
  EXPECT_FALSE(parse<Mode>("shove"));
  EXPECT_EQ(choices<Mode>(), "push | pull | push-pull");
  Params p;
  EXPECT_EQ(validate(p), "");
  p.k = 0;
  EXPECT_NE(validate(p).find("-k"), std::string::npos);
  p = Params{};
  p.failed = 0.9995;
  EXPECT_NE(validate(p).find("--failed"), std::string::npos);
  p = Params{};
  p.fanout = 1000;
  EXPECT_NE(validate(p).find("--fanout"), std::string::npos);
  EXPECT_EQ(describe(Params{}), "rumor mongering, push, feedback, counter k=1");
}

}  // namespace
}  // namespace rumor::lab
