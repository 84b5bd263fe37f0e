#include "plot/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace rumor::plot {
namespace {

constexpr const char* kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e",
                                    "#9467bd", "#8c564b", "#e377c2", "#17becf"};
constexpr std::size_t kPaletteSize = sizeof(kPalette) / sizeof(kPalette[0]);
constexpr double kMarginLeft = 72, kMarginRight = 24, kMarginTop = 44, kMarginBottom = 56;
constexpr std::size_t kMaxLogTicks = 8;

bool usable(double v, bool log) {
  return std::isfinite(v) && (!log || v > 0);
}

// One axis after layout: its data range, whether it is logarithmic, where its ticks go,
// and the pixel interval it maps onto (p0 for lo, p1 for hi; p1 < p0 for the y axis).
struct AxisLayout {
  double lo = 0, hi = 1;
  bool log = false;
  std::vector<double> ticks;
  double p0 = 0, p1 = 1;

  double pixel(double v) const {
    const double a = log ? std::log10(lo) : lo;
    const double b = log ? std::log10(hi) : hi;
    const double u = log ? std::log10(v) : v;
    return p0 + (u - a) / (b - a) * (p1 - p0);
  }
};

AxisLayout layout_axis(const Axis& axis, const std::vector<double>& values, double p0, double p1) {
  AxisLayout out;
  out.log = axis.log;
  out.p0 = p0;
  out.p1 = p1;
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (double v : values) {
    if (!usable(v, axis.log)) continue;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  if (axis.min && usable(*axis.min, axis.log)) lo = *axis.min;
  if (axis.max && usable(*axis.max, axis.log)) hi = *axis.max;
  if (!(lo <= hi)) {  // no data and no fixed range
    lo = axis.log ? 1 : 0;
    hi = axis.log ? 10 : 1;
  }
  if (axis.log) {
    double a = std::log10(lo), b = std::log10(hi);
    if (a == b) {
      a -= 0.5;
      b += 0.5;
    }
    const double first = std::floor(a), last = std::ceil(b);
    if (!axis.min) a = first;
    if (!axis.max) b = last;
    const auto decades = static_cast<std::size_t>(last - first) + 1;
    const auto stride = (decades + kMaxLogTicks - 1) / kMaxLogTicks;
    for (double e = first; e <= last; e += static_cast<double>(stride))
      if (e >= a - 1e-9 && e <= b + 1e-9) out.ticks.push_back(std::pow(10.0, e));
    out.lo = std::pow(10.0, a);
    out.hi = std::pow(10.0, b);
    return out;
  }
  if (lo == hi) {
    const double pad = lo == 0 ? 1 : std::abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  std::vector<double> ticks = nice_ticks(lo, hi);
  if (!axis.min && !ticks.empty()) lo = ticks.front();
  if (!axis.max && !ticks.empty()) hi = ticks.back();
  const double eps = (hi - lo) * 1e-9;
  for (double t : ticks)
    if (t >= lo - eps && t <= hi + eps) out.ticks.push_back(t);
  out.lo = lo;
  out.hi = hi;
  return out;
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

const std::string& color_or(const std::string& wanted, std::size_t& next, std::string& scratch) {
  if (!wanted.empty()) return wanted;
  scratch = kPalette[next++ % kPaletteSize];
  return scratch;
}

struct Rect {
  double x0, y0, x1, y1;  // x0 < x1, y0 < y1 (pixels, y down)
};

// Liang-Barsky: clips the segment a-b to r; false when nothing of it is inside.
bool clip(Point& a, Point& b, const Rect& r) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  double t0 = 0, t1 = 1;
  const double p[4] = {-dx, dx, -dy, dy};
  const double q[4] = {a.x - r.x0, r.x1 - a.x, a.y - r.y0, r.y1 - a.y};
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] < 0) return false;
      continue;
    }
    const double t = q[i] / p[i];
    if (p[i] < 0)
      t0 = std::max(t0, t);
    else
      t1 = std::min(t1, t);
    if (t0 > t1) return false;
  }
  const Point start{a.x + t0 * dx, a.y + t0 * dy};
  const Point end{a.x + t1 * dx, a.y + t1 * dy};
  a = start;
  b = end;
  return true;
}

// The visible pieces of a series, in pixels: unusable points and clipping split it.
std::vector<std::vector<Point>> visible_pieces(const Series& s, const AxisLayout& ax,
                                               const AxisLayout& ay, const Rect& r) {
  std::vector<std::vector<Point>> pieces;
  std::vector<Point> current;
  auto flush = [&] {
    if (current.size() >= 2) pieces.push_back(current);
    current.clear();
  };
  bool have_prev = false;
  Point prev{};
  for (const Point& d : s.points) {
    if (!usable(d.x, ax.log) || !usable(d.y, ay.log)) {
      flush();
      have_prev = false;
      continue;
    }
    const Point px{ax.pixel(d.x), ay.pixel(d.y)};
    if (have_prev) {
      Point a = prev, b = px;
      if (clip(a, b, r)) {
        const bool joins = !current.empty() && std::abs(current.back().x - a.x) < 1e-6 &&
                           std::abs(current.back().y - a.y) < 1e-6;
        if (!joins) {
          flush();
          current.push_back(a);
        }
        current.push_back(b);
      } else {
        flush();
      }
    }
    prev = px;
    have_prev = true;
  }
  flush();
  return pieces;
}

std::vector<Point> visible_markers(const Series& s, const AxisLayout& ax, const AxisLayout& ay,
                                   const Rect& r) {
  std::vector<Point> out;
  for (const Point& d : s.points) {
    if (!usable(d.x, ax.log) || !usable(d.y, ay.log)) continue;
    const Point px{ax.pixel(d.x), ay.pixel(d.y)};
    if (px.x >= r.x0 && px.x <= r.x1 && px.y >= r.y0 && px.y <= r.y1) out.push_back(px);
  }
  return out;
}

// A band's polygons: one per run of usable entries, clamped to the plot rectangle.
std::vector<std::vector<Point>> band_polygons(const Band& b, const AxisLayout& ax,
                                              const AxisLayout& ay, const Rect& r) {
  std::vector<std::vector<Point>> out;
  const std::size_t n = std::min({b.x.size(), b.lo.size(), b.hi.size()});
  auto clamp_pt = [&](double x, double y) {
    return Point{std::clamp(ax.pixel(x), r.x0, r.x1), std::clamp(ay.pixel(y), r.y0, r.y1)};
  };
  std::size_t i = 0;
  while (i < n) {
    auto ok = [&](std::size_t j) {
      return usable(b.x[j], ax.log) && usable(b.lo[j], ay.log) && usable(b.hi[j], ay.log);
    };
    if (!ok(i)) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < n && ok(j)) ++j;
    if (j - i >= 2) {
      std::vector<Point> poly;
      for (std::size_t k = i; k < j; ++k) poly.push_back(clamp_pt(b.x[k], b.hi[k]));
      for (std::size_t k = j; k-- > i;) poly.push_back(clamp_pt(b.x[k], b.lo[k]));
      out.push_back(std::move(poly));
    }
    i = j;
  }
  return out;
}

std::string points_attr(const std::vector<Point>& pts) {
  std::string s;
  for (const Point& p : pts) {
    if (!s.empty()) s += ' ';
    s += num(p.x) + "," + num(p.y);
  }
  return s;
}

}  // namespace

std::vector<double> nice_ticks(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return {};
  if (lo > hi) std::swap(lo, hi);
  if (lo == hi) return {lo};
  const double raw = (hi - lo) / std::max(1, target);
  const double exponent = std::floor(std::log10(raw));
  const double mag = std::pow(10.0, exponent);
  double mult = 1;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    mult = m;
    if (m * mag >= raw) break;
  }
  const double step = mult * mag;
  const double first = std::floor(lo / step), last = std::ceil(hi / step);
  // k * mult is a whole number; dividing it by 10^-e (exact for e < 0) rather than
  // multiplying by 10^e keeps 0.6 from becoming 0.6000000000000001.
  const double inverse = exponent < 0 ? std::pow(10.0, -exponent) : 0;
  std::vector<double> out;
  for (double k = first; k <= last && out.size() < 1000; k += 1)
    out.push_back(inverse > 0 ? (k * mult) / inverse : k * mult * mag);
  return out;
}

std::string format_number(double v) {
  if (!std::isfinite(v)) return std::isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf");
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  std::string s = buf;
  // "1e-06" -> "1e-6", "1e+06" -> "1e6"
  if (const auto e = s.find('e'); e != std::string::npos) {
    std::string mant = s.substr(0, e), exp = s.substr(e + 1);
    const bool neg = !exp.empty() && exp[0] == '-';
    if (!exp.empty() && (exp[0] == '-' || exp[0] == '+')) exp.erase(0, 1);
    exp.erase(0, std::min(exp.find_first_not_of('0'), exp.size() - 1));
    s = mant + "e" + (neg ? "-" : "") + exp;
  }
  return s;
}

std::string escape_xml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

// The legend goes under the plot, in rows, never over the data: curves that rise to
// the top right (a fraction reached over time) were hidden by a corner box.
struct LegendEntry {
  std::string name, color;
  bool band, dashed;
};
constexpr double kLegendRow = 18;

double legend_width(const LegendEntry& e) {
  // About 7 px per character at 12 px: a legend never measures its text exactly.
  return 36 + 7.0 * static_cast<double>(e.name.size()) + 16;
}

// How many rows the entries take between x0 and x1.
std::size_t legend_rows(const std::vector<LegendEntry>& entries, double x0, double x1) {
  std::size_t rows = entries.empty() ? 0 : 1;
  double x = x0;
  for (const auto& e : entries) {
    if (x > x0 && x + legend_width(e) > x1) {
      ++rows;
      x = x0;
    }
    x += legend_width(e);
  }
  return rows;
}

std::string render_legend(const std::vector<LegendEntry>& entries, double x0, double x1,
                          double top) {
  std::string o = "<g>\n";
  double x = x0, cy = top + kLegendRow / 2;
  for (const auto& e : entries) {
    if (x > x0 && x + legend_width(e) > x1) {
      x = x0;
      cy += kLegendRow;
    }
    if (e.band)
      o += "<rect x=\"" + num(x) + "\" y=\"" + num(cy - 6) +
           "\" width=\"22\" height=\"12\" fill=\"" + escape_xml(e.color) +
           "\" fill-opacity=\"0.3\"/>\n";
    else
      o += "<line x1=\"" + num(x) + "\" y1=\"" + num(cy) + "\" x2=\"" + num(x + 22) + "\" y2=\"" +
           num(cy) + "\" stroke=\"" + escape_xml(e.color) + "\" stroke-width=\"2\"" +
           (e.dashed ? " stroke-dasharray=\"6 4\"" : "") + "/>\n";
    o += "<text x=\"" + num(x + 28) + "\" y=\"" + num(cy + 4) + "\">" + escape_xml(e.name) +
         "</text>\n";
    x += legend_width(e);
  }
  return o + "</g>\n";
}

}  // namespace

std::string render_svg(const Chart& chart) {
  const double w = std::max(chart.width, 200), h = std::max(chart.height, 150);

  // The legend first: its rows take their height from the plot's.
  std::vector<LegendEntry> legend;
  {
    std::size_t next_color = 0;
    std::string scratch;
    for (const Band& b : chart.bands) {
      const std::string color = color_or(b.color, next_color, scratch);
      std::size_t usable_entries = 0;
      const std::size_t n = std::min({b.x.size(), b.lo.size(), b.hi.size()});
      for (std::size_t i = 0; i < n; ++i)
        usable_entries += usable(b.x[i], chart.x.log) && usable(b.lo[i], chart.y.log) &&
                          usable(b.hi[i], chart.y.log);
      if (!b.name.empty() && usable_entries >= 2) legend.push_back({b.name, color, true, false});
    }
    for (const Series& s : chart.series) {
      const std::string color = color_or(s.color, next_color, scratch);
      const auto n = std::count_if(s.points.begin(), s.points.end(), [&](const Point& p) {
        return usable(p.x, chart.x.log) && usable(p.y, chart.y.log);
      });
      const bool drawn = n >= 2 || (s.markers && n >= 1);  // a line, or a marker
      if (!s.name.empty() && drawn) legend.push_back({s.name, color, false, s.dashed});
    }
  }
  const std::size_t rows = legend_rows(legend, kMarginLeft, w - kMarginRight);
  const double legend_h = rows == 0 ? 0 : kLegendRow * static_cast<double>(rows) + 4;
  const Rect r{kMarginLeft, kMarginTop, w - kMarginRight,
               std::max(kMarginTop + 40, h - kMarginBottom - legend_h)};

  std::vector<double> xs, ys;
  for (const Series& s : chart.series)
    for (const Point& p : s.points) {
      // A point counts towards a range only if the point can be drawn at all.
      if (!usable(p.x, chart.x.log) || !usable(p.y, chart.y.log)) continue;
      xs.push_back(p.x);
      ys.push_back(p.y);
    }
  for (const Band& b : chart.bands) {
    xs.insert(xs.end(), b.x.begin(), b.x.end());
    ys.insert(ys.end(), b.lo.begin(), b.lo.end());
    ys.insert(ys.end(), b.hi.begin(), b.hi.end());
  }
  const AxisLayout ax = layout_axis(chart.x, xs, r.x0, r.x1);
  const AxisLayout ay = layout_axis(chart.y, ys, r.y1, r.y0);

  std::string o;
  o += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  o += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(w) + "\" height=\"" + num(h) +
       "\" viewBox=\"0 0 " + num(w) + " " + num(h) +
       "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  o += "<defs><clipPath id=\"plot-area\"><rect x=\"" + num(r.x0) + "\" y=\"" + num(r.y0) +
       "\" width=\"" + num(r.x1 - r.x0) + "\" height=\"" + num(r.y1 - r.y0) +
       "\"/></clipPath></defs>\n";
  o +=
      "<rect x=\"0\" y=\"0\" width=\"" + num(w) + "\" height=\"" + num(h) + "\" fill=\"white\"/>\n";
  if (!chart.title.empty())
    o += "<text x=\"" + num(w / 2) +
         "\" y=\"24\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">" +
         escape_xml(chart.title) + "</text>\n";

  // Grid, ticks and tick labels.
  o += "<g stroke=\"#e5e5e5\" stroke-width=\"1\">\n";
  for (double t : ax.ticks) {
    const std::string x = num(ax.pixel(t));
    o += "<line x1=\"" + x + "\" y1=\"" + num(r.y0) + "\" x2=\"" + x + "\" y2=\"" + num(r.y1) +
         "\"/>\n";
  }
  for (double t : ay.ticks) {
    const std::string y = num(ay.pixel(t));
    o += "<line x1=\"" + num(r.x0) + "\" y1=\"" + y + "\" x2=\"" + num(r.x1) + "\" y2=\"" + y +
         "\"/>\n";
  }
  o += "</g>\n<g fill=\"#333\">\n";
  for (double t : ax.ticks)
    o += "<text x=\"" + num(ax.pixel(t)) + "\" y=\"" + num(r.y1 + 18) +
         "\" text-anchor=\"middle\">" + escape_xml(format_number(t)) + "</text>\n";
  for (double t : ay.ticks)
    o += "<text x=\"" + num(r.x0 - 8) + "\" y=\"" + num(ay.pixel(t) + 4) +
         "\" text-anchor=\"end\">" + escape_xml(format_number(t)) + "</text>\n";
  o += "</g>\n";
  if (!chart.x.label.empty())
    o += "<text x=\"" + num((r.x0 + r.x1) / 2) + "\" y=\"" + num(r.y1 + kMarginBottom - 14) +
         "\" text-anchor=\"middle\">" + escape_xml(chart.x.label) + "</text>\n";
  if (!chart.y.label.empty()) {
    const std::string cy = num((r.y0 + r.y1) / 2);
    o += "<text x=\"18\" y=\"" + cy + "\" text-anchor=\"middle\" transform=\"rotate(-90 18 " + cy +
         ")\">" + escape_xml(chart.y.label) + "</text>\n";
  }

  // Data: bands under lines, all clipped to the plot area.
  std::size_t next_color = 0;
  std::string scratch;
  o += "<g clip-path=\"url(#plot-area)\">\n";
  for (const Band& b : chart.bands) {
    const std::string color = color_or(b.color, next_color, scratch);
    const auto polys = band_polygons(b, ax, ay, r);
    for (const auto& poly : polys)
      o += "<polygon fill=\"" + escape_xml(color) + "\" fill-opacity=\"" +
           format_number(std::clamp(b.opacity, 0.0, 1.0)) + "\" stroke=\"none\" points=\"" +
           points_attr(poly) + "\"/>\n";
  }
  for (const Series& s : chart.series) {
    const std::string color = color_or(s.color, next_color, scratch);
    const auto pieces = visible_pieces(s, ax, ay, r);
    const std::string dash = s.dashed ? " stroke-dasharray=\"6 4\"" : "";
    for (const auto& piece : pieces)
      o += "<polyline fill=\"none\" stroke=\"" + escape_xml(color) + "\" stroke-width=\"2\"" +
           dash + " points=\"" + points_attr(piece) + "\"/>\n";
    std::vector<Point> marks;
    if (s.markers) marks = visible_markers(s, ax, ay, r);
    for (const Point& p : marks)
      o += "<circle cx=\"" + num(p.x) + "\" cy=\"" + num(p.y) + "\" r=\"3\" fill=\"" +
           escape_xml(color) + "\"/>\n";
  }
  o += "</g>\n";
  o += "<rect x=\"" + num(r.x0) + "\" y=\"" + num(r.y0) + "\" width=\"" + num(r.x1 - r.x0) +
       "\" height=\"" + num(r.y1 - r.y0) + "\" fill=\"none\" stroke=\"#333\"/>\n";

  if (!legend.empty()) o += render_legend(legend, r.x0, r.x1, r.y1 + kMarginBottom);
  o += "</svg>\n";
  return o;
}

}  // namespace rumor::plot
