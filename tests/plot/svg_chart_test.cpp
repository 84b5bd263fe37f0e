// The SVG chart writer: what it emits must parse as XML, every drawn coordinate must lie
// inside the viewBox, and NaNs, empty series and log axes with non-positive values must
// neither crash it nor leak "nan" into the document.
#include "plot/svg_chart.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace rumor::plot {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A small XML well-formedness check: tags nest and close in order, attributes are
// name="value" with no raw '<' or '&' (other than entities) inside, and there is exactly
// one root element. Returns an empty string or what is wrong.
std::string xml_problem(const std::string& doc) {
  std::vector<std::string> open;
  std::size_t i = 0, roots = 0;
  if (doc.rfind("<?xml", 0) == 0) i = doc.find("?>") + 2;
  const std::regex attr(R"(\s+[A-Za-z_:][-A-Za-z0-9_:.]*="[^"<]*")");
  const std::regex entity(R"(&(amp|lt|gt|quot|apos);)");
  auto text_ok = [&](const std::string& t) {
    const std::string stripped = std::regex_replace(t, entity, "");
    return stripped.find('&') == std::string::npos && stripped.find('>') == std::string::npos;
  };
  while (i < doc.size()) {
    const std::size_t lt = doc.find('<', i);
    const std::string text = doc.substr(i, lt == std::string::npos ? std::string::npos : lt - i);
    if (!text_ok(text)) return "bad character data: " + text;
    if (lt == std::string::npos) break;
    const std::size_t gt = doc.find('>', lt);
    if (gt == std::string::npos) return "unterminated tag";
    std::string tag = doc.substr(lt + 1, gt - lt - 1);
    i = gt + 1;
    if (tag.empty()) return "empty tag";
    if (tag[0] == '/') {
      if (open.empty() || open.back() != tag.substr(1)) return "mismatched </" + tag + ">";
      open.pop_back();
      continue;
    }
    const bool self_closing = tag.back() == '/';
    if (self_closing) tag.pop_back();
    const std::size_t name_end = tag.find_first_of(" \t\n");
    const std::string name = tag.substr(0, name_end);
    if (!std::regex_match(name, std::regex("[A-Za-z][A-Za-z0-9]*"))) return "bad name " + name;
    const std::string attrs = name_end == std::string::npos ? "" : tag.substr(name_end);
    if (!std::regex_match(attrs, std::regex(R"((\s+[A-Za-z_:][-A-Za-z0-9_:.]*="[^"<]*")*\s*)")))
      return "bad attributes in <" + tag + ">";
    for (std::sregex_iterator it(attrs.begin(), attrs.end(), attr), end; it != end; ++it)
      if (!text_ok(it->str())) return "bad attribute value " + it->str();
    if (open.empty()) ++roots;
    if (!self_closing) open.push_back(name);
  }
  if (!open.empty()) return "unclosed <" + open.back() + ">";
  if (roots != 1) return "expected one root element, got " + std::to_string(roots);
  return {};
}

// Every x,y pair in points="..." attributes and every cx/cy.
std::vector<Point> drawn_points(const std::string& doc) {
  std::vector<Point> out;
  const std::regex points(R"re(points="([^"]*)")re");
  for (std::sregex_iterator it(doc.begin(), doc.end(), points), end; it != end; ++it) {
    std::istringstream in((*it)[1].str());
    std::string pair;
    while (in >> pair) {
      const auto comma = pair.find(',');
      out.push_back({std::stod(pair.substr(0, comma)), std::stod(pair.substr(comma + 1))});
    }
  }
  const std::regex circle(R"re(cx="([^"]*)" cy="([^"]*)")re");
  for (std::sregex_iterator it(doc.begin(), doc.end(), circle), end; it != end; ++it)
    out.push_back({std::stod((*it)[1].str()), std::stod((*it)[2].str())});
  return out;
}

Chart sample() {
  Chart c;
  c.title = "informed <fraction> & friends";
  c.x.label = "cycle";
  c.y.label = "fraction";
  Series s{"measured", {}, "", false, true};
  for (int i = 0; i <= 20; ++i) s.points.push_back({double(i), 1 - std::exp(-0.3 * i)});
  c.series.push_back(s);
  Band b;
  b.name = "10th-90th";
  for (int i = 0; i <= 20; ++i) {
    b.x.push_back(i);
    b.lo.push_back(std::max(0.0, 1 - std::exp(-0.25 * i)));
    b.hi.push_back(1 - std::exp(-0.35 * i));
  }
  c.bands.push_back(b);
  return c;
}

void expect_inside(const std::string& doc, const Chart& c) {
  const auto pts = drawn_points(doc);
  for (const Point& p : pts) {
    EXPECT_GE(p.x, 0);
    EXPECT_LE(p.x, c.width);
    EXPECT_GE(p.y, 0);
    EXPECT_LE(p.y, c.height);
  }
}

TEST(SvgChart, OutputIsWellFormedXmlWithTheTitleEscaped) {
  const Chart c = sample();
  const std::string doc = render_svg(c);
  EXPECT_EQ(xml_problem(doc), "") << doc;
  EXPECT_NE(doc.find("informed &lt;fraction&gt; &amp; friends"), std::string::npos);
  EXPECT_NE(doc.find("viewBox=\"0 0 720.00 450.00\""), std::string::npos);
  EXPECT_NE(doc.find(">measured</text>"), std::string::npos);  // legend
  EXPECT_NE(doc.find(">10th-90th</text>"), std::string::npos);
}

// The legend sits under the plot: a curve rising to the top right (a fraction reached
// over time, the simulator's usual chart) is never hidden behind it.
TEST(SvgChart, TheLegendLiesBelowThePlotAreaAndInsideTheImage) {
  Chart c = sample();
  for (int i = 0; i < 6; ++i)  // enough entries to wrap onto a second row
    c.series.push_back(Series{
        "a rather long series name " + std::to_string(i), {{0, 0.5}, {20, 1}}, "", true, false});
  const std::string doc = render_svg(c);
  EXPECT_EQ(xml_problem(doc), "") << doc;
  const std::regex frame(
      R"re(<rect x="([^"]*)" y="([^"]*)" width="([^"]*)" height="([^"]*)" fill="none" stroke="#333"/>)re");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(doc, m, frame)) << doc;
  const double plot_bottom = std::stod(m[2].str()) + std::stod(m[4].str());
  std::set<double> rows;
  for (const std::string name : {"measured", "10th-90th", "a rather long series name 5"}) {
    const std::regex text("<text x=\"([^\"]*)\" y=\"([^\"]*)\">" + name + "</text>");
    ASSERT_TRUE(std::regex_search(doc, m, text)) << name << "\n" << doc;
    const double y = std::stod(m[2].str());
    EXPECT_GT(y - 12, plot_bottom) << name << ": the legend overlaps the plot";
    EXPECT_LE(y, c.height) << name;
    rows.insert(y);
  }
  EXPECT_GE(rows.size(), 2u) << "a long legend wraps onto more rows";
  expect_inside(doc, c);
}

TEST(SvgChart, TheCheckerRejectsBrokenXml) {
  EXPECT_NE(xml_problem("<svg><g></svg></g>"), "");
  EXPECT_NE(xml_problem("<svg a=\"1\">x & y</svg>"), "");
  EXPECT_NE(xml_problem("<svg/><svg/>"), "");
  EXPECT_EQ(xml_problem("<svg a=\"1\"><g/>x &amp; y</svg>"), "");
}

TEST(SvgChart, EveryPointIsMappedInsideTheViewBox) {
  const Chart c = sample();
  const std::string doc = render_svg(c);
  const auto pts = drawn_points(doc);
  EXPECT_GE(pts.size(), 21u * 2);  // the line's points, its markers, the band
  expect_inside(doc, c);
}

TEST(SvgChart, PointsOutsideAFixedRangeAreClippedToThePlotArea) {
  Chart c = sample();
  c.y.min = 0.2;
  c.y.max = 0.6;
  c.x.max = 10;
  c.series[0].points.push_back({1e9, -1e9});
  const std::string doc = render_svg(c);
  EXPECT_EQ(xml_problem(doc), "");
  expect_inside(doc, c);
}

TEST(SvgChart, NanPointsBreakTheLineInsteadOfReachingTheDocument) {
  Chart c;
  Series s{"gappy", {{0, 1}, {1, 2}, {2, kNaN}, {3, 4}, {4, 5}}, "#000", false, false};
  c.series.push_back(s);
  const std::string doc = render_svg(c);
  EXPECT_EQ(xml_problem(doc), "");
  EXPECT_EQ(doc.find("nan"), std::string::npos);
  std::size_t lines = 0;
  for (std::size_t at = 0; (at = doc.find("<polyline", at)) != std::string::npos; ++at) ++lines;
  EXPECT_EQ(lines, 2u);
  expect_inside(doc, c);
}

TEST(SvgChart, EmptySeriesAndAnEmptyChartStillRender) {
  Chart c;
  c.series.push_back(Series{"nothing", {}, "", false, false});
  c.series.push_back(Series{"all nan", {{kNaN, kNaN}}, "", false, true});
  Band b;
  b.name = "empty band";
  c.bands.push_back(b);
  const std::string doc = render_svg(c);
  EXPECT_EQ(xml_problem(doc), "");
  EXPECT_EQ(doc.find("<polyline"), std::string::npos);
  EXPECT_EQ(doc.find("nothing"), std::string::npos);  // nothing drawn, no legend entry
  EXPECT_EQ(xml_problem(render_svg(Chart{})), "");
}

TEST(SvgChart, ALogAxisSkipsNonPositiveValuesAndTicksDecades) {
  Chart c;
  c.y.log = true;
  Series s{"error", {}, "", false, false};
  for (int t = 0; t <= 30; ++t) s.points.push_back({double(t), std::pow(10.0, -t / 5.0)});
  s.points.push_back({31, 0});
  s.points.push_back({32, -1});
  c.series.push_back(s);
  const std::string doc = render_svg(c);
  EXPECT_EQ(xml_problem(doc), "");
  EXPECT_NE(doc.find(">1e-6</text>"), std::string::npos);
  EXPECT_NE(doc.find(">1</text>"), std::string::npos);
  expect_inside(doc, c);
}

TEST(SvgChart, ASingleValueStillGetsARange) {
  Chart c;
  c.series.push_back(Series{"flat", {{0, 5}, {1, 5}}, "", false, false});
  const std::string doc = render_svg(c);
  EXPECT_EQ(xml_problem(doc), "");
  expect_inside(doc, c);
}

TEST(NiceTicks, AreRoundNumbersCoveringTheRange) {
  EXPECT_EQ(nice_ticks(0, 1, 5), (std::vector<double>{0, 0.2, 0.4, 0.6, 0.8, 1.0}));
  const auto t = nice_ticks(3.2, 97.5, 6);
  ASSERT_FALSE(t.empty());
  EXPECT_LE(t.front(), 3.2);
  EXPECT_GE(t.back(), 97.5);
  EXPECT_DOUBLE_EQ(t[1] - t[0], 20);
  EXPECT_TRUE(nice_ticks(kNaN, 1).empty());
  EXPECT_EQ(nice_ticks(2, 2).size(), 1u);
}

TEST(FormatNumber, IsShort) {
  EXPECT_EQ(format_number(0.25), "0.25");
  EXPECT_EQ(format_number(1e-6), "1e-6");
  EXPECT_EQ(format_number(1e7), "1e7");
  EXPECT_EQ(format_number(0.1 + 0.2), "0.3");
  EXPECT_EQ(format_number(-3), "-3");
}

}  // namespace
}  // namespace rumor::plot
