#include "agent/prometheus.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <stdexcept>

namespace rumor::agent::prom {
namespace {

TEST(Prometheus, CounterFamilyWithLabels) {
  Writer w;
  w.family("rumor_messages_total", Type::counter, "Messages by type.")
      .sample({{"type", "ping"}, {"direction", "in"}}, std::uint64_t{12})
      .sample({{"type", "ping"}, {"direction", "out"}}, std::uint64_t{0});
  EXPECT_EQ(w.text(),
            "# HELP rumor_messages_total Messages by type.\n"
            "# TYPE rumor_messages_total counter\n"
            "rumor_messages_total{type=\"ping\",direction=\"in\"} 12\n"
            "rumor_messages_total{type=\"ping\",direction=\"out\"} 0\n");
}

TEST(Prometheus, ShorthandsAndUnlabelledSamples) {
  Writer w;
  w.counter("a_total", "A.", 18446744073709551615ull).gauge("b", "B.", 0.25);
  EXPECT_EQ(w.text(),
            "# HELP a_total A.\n# TYPE a_total counter\na_total 18446744073709551615\n"
            "# HELP b B.\n# TYPE b gauge\nb 0.25\n");
}

TEST(Prometheus, EscapesLabelValuesAndHelp) {
  EXPECT_EQ(escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  EXPECT_EQ(escape_help("line\\one\ntwo \"q\""), "line\\\\one\\ntwo \"q\"");
  Writer w;
  w.family("x", Type::gauge, "Help with\nnewline.").sample({{"node", "we\"ird\\\n"}}, 1.0);
  EXPECT_EQ(w.text(),
            "# HELP x Help with\\nnewline.\n# TYPE x gauge\nx{node=\"we\\\"ird\\\\\\n\"} 1\n");
}

TEST(Prometheus, FormatsSpecialValues) {
  EXPECT_EQ(format_value(1.0), "1");
  EXPECT_EQ(format_value(-2.5), "-2.5");
  EXPECT_EQ(format_value(0.1), "0.1");
  EXPECT_EQ(format_value(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(format_value(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(format_value(std::nan("")), "NaN");
  EXPECT_EQ(std::strtod(format_value(1e-9).c_str(), nullptr), 1e-9);
}

TEST(Prometheus, HistogramIsCumulativeWithSumAndCount) {
  auto h = Histogram::with_bounds({0.001, 0.01, 0.1});
  h.observe(0.0005);
  h.observe(0.001);  // on the bound: in that bucket (le)
  h.observe(0.05);
  h.observe(3);
  EXPECT_EQ(h.count(), 4u);
  Writer w;
  w.family("rumor_probe_rtt_seconds", Type::histogram, "RTT.").histogram({{"node", "a"}}, h);
  EXPECT_EQ(w.text(),
            "# HELP rumor_probe_rtt_seconds RTT.\n"
            "# TYPE rumor_probe_rtt_seconds histogram\n"
            "rumor_probe_rtt_seconds_bucket{node=\"a\",le=\"0.001\"} 2\n"
            "rumor_probe_rtt_seconds_bucket{node=\"a\",le=\"0.01\"} 2\n"
            "rumor_probe_rtt_seconds_bucket{node=\"a\",le=\"0.1\"} 3\n"
            "rumor_probe_rtt_seconds_bucket{node=\"a\",le=\"+Inf\"} 4\n"
            "rumor_probe_rtt_seconds_sum{node=\"a\"} 3.0515\n"
            "rumor_probe_rtt_seconds_count{node=\"a\"} 4\n");
}

TEST(Prometheus, RejectsMisuse) {
  Writer w;
  EXPECT_THROW(w.sample(std::uint64_t{1}), std::logic_error);  // no family yet
  EXPECT_THROW(w.family("1bad", Type::counter, ""), std::invalid_argument);
  EXPECT_THROW(w.family("bad-name", Type::counter, ""), std::invalid_argument);
  w.family("ok_total", Type::counter, "");
  EXPECT_THROW(w.family("ok_total", Type::gauge, ""), std::invalid_argument);  // repeated
  EXPECT_THROW(w.sample({{"bad-label", "x"}}, std::uint64_t{1}), std::invalid_argument);
  EXPECT_THROW(w.sample({{"__reserved", "x"}}, std::uint64_t{1}), std::invalid_argument);
  EXPECT_THROW(w.histogram({}, Histogram::with_bounds({1})), std::logic_error);
  w.family("h", Type::histogram, "");
  EXPECT_THROW(w.sample(1.0), std::logic_error);
  Histogram bad;
  bad.bounds = {2, 1};
  bad.counts = {0, 0, 0};
  EXPECT_THROW(w.histogram({}, bad), std::invalid_argument);
  EXPECT_THROW(w.histogram({{"le", "1"}}, Histogram::with_bounds({1})), std::invalid_argument);
}

TEST(Prometheus, NameRules) {
  EXPECT_TRUE(valid_metric_name("rumor:x_total"));
  EXPECT_TRUE(valid_metric_name("_x"));
  EXPECT_FALSE(valid_metric_name(""));
  EXPECT_FALSE(valid_metric_name("9x"));
  EXPECT_FALSE(valid_metric_name("a b"));
  EXPECT_TRUE(valid_label_name("type"));
  EXPECT_FALSE(valid_label_name("a:b"));
  EXPECT_FALSE(valid_label_name("__name__"));
}

// Whatever the label value, the escaped form has no raw newline or unescaped quote, and
// unescaping it gives the value back.
RC_GTEST_PROP(Prometheus, LabelEscapingRoundTrips, (const std::string& v)) {
  const auto e = escape_label_value(v);
  RC_ASSERT(e.find('\n') == std::string::npos);
  std::string back;
  for (std::size_t i = 0; i < e.size(); ++i) {
    if (e[i] == '"') RC_FAIL("unescaped quote");
    if (e[i] == '\\') {
      RC_ASSERT(i + 1 < e.size());
      const char n = e[++i];
      RC_ASSERT(n == '\\' || n == '"' || n == 'n');
      back += n == 'n' ? '\n' : n;
    } else {
      back += e[i];
    }
  }
  RC_ASSERT(back == v);
}

RC_GTEST_PROP(Prometheus, ValuesReadBack, (double v)) {
  const auto s = format_value(v);
  if (std::isnan(v)) {
    RC_ASSERT(s == "NaN");
  } else if (std::isinf(v)) {
    RC_ASSERT(s == (v > 0 ? "+Inf" : "-Inf"));
  } else {
    RC_ASSERT(std::strtod(s.c_str(), nullptr) == v);
  }
}

}  // namespace
}  // namespace rumor::agent::prom
