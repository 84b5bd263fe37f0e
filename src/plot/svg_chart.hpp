// A small SVG line chart: series of (x, y) points, shaded bands (for a percentile range),
// axes with ticks and labels, a title and a legend. Pure: it returns the document as a
// string; writing it is the caller's business (files/atomic_file.hpp does it atomically).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rumor::plot {

struct Point {
  double x = 0;
  double y = 0;
};

// One line. A point with a non-finite coordinate (or y <= 0 on a log axis) is not drawn
// and breaks the line in two, so gaps in the data stay visible.
struct Series {
  std::string name;  // legend text; an unnamed series has no legend entry
  std::vector<Point> points;
  std::string color;  // any SVG colour; empty: the next palette colour
  bool dashed = false;
  bool markers = false;  // a small circle on each point
};

// A shaded region between lo[i] and hi[i] at x[i] (the three have the same length), such
// as the 10th to 90th percentile of many runs around their mean.
struct Band {
  std::string name;
  std::vector<double> x, lo, hi;
  std::string color;
  double opacity = 0.2;
};

struct Axis {
  std::string label;
  bool log = false;  // base 10; non-positive values are not drawn
  // A fixed range; otherwise the data's, widened to whole ticks. What falls outside is
  // clipped at the plot's edge.
  std::optional<double> min, max;
};

struct Chart {
  std::string title;
  Axis x, y;
  std::vector<Band> bands;  // drawn first, under the lines
  std::vector<Series> series;
  int width = 720;
  int height = 450;
};

std::string render_svg(const Chart& chart);

// Tick positions covering [lo, hi]: multiples of 1, 2 or 5 times a power of ten, about
// `target` of them, the first <= lo and the last >= hi.
std::vector<double> nice_ticks(double lo, double hi, int target = 6);
// A tick label: short, no trailing zeros ("0.25", "1e-06" becomes "1e-6").
std::string format_number(double v);
std::string escape_xml(std::string_view text);

}  // namespace rumor::plot
