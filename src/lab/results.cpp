#include "lab/results.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace rumor::lab {
namespace {

double quantile(const std::vector<double>& sorted, double q) {
  const double pos = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const auto hi = std::min(lo + 1, sorted.size() - 1);
  const double frac = pos - static_cast<double>(lo);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
}

}  // namespace

Stat summarize(std::vector<double> values) {
  std::erase_if(values, [](double v) { return std::isnan(v); });
  Stat s;
  if (values.empty()) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    return {nan, nan, nan, nan, nan, nan, nan};
  }
  std::sort(values.begin(), values.end());
  double sum = 0;
  for (double v : values) sum += v;
  const auto n = static_cast<double>(values.size());
  s.mean = sum / n;
  double sq = 0;
  for (double v : values) sq += (v - s.mean) * (v - s.mean);
  s.sd = values.size() > 1 ? std::sqrt(sq / (n - 1)) : 0;
  s.min = values.front();
  s.max = values.back();
  s.p10 = quantile(values, 0.1);
  s.median = quantile(values, 0.5);
  s.p90 = quantile(values, 0.9);
  return s;
}

Curve summarize_curves(const std::vector<const std::vector<double>*>& curves) {
  Curve c;
  std::size_t len = 0;
  for (const auto* v : curves) len = std::max(len, v->size());
  std::vector<double> column;
  for (std::size_t t = 0; t < len; ++t) {
    column.clear();
    for (const auto* v : curves)
      if (!v->empty()) column.push_back(t < v->size() ? (*v)[t] : v->back());
    const Stat s = summarize(column);
    c.mean.push_back(s.mean);
    c.p10.push_back(s.p10);
    c.p50.push_back(s.median);
    c.p90.push_back(s.p90);
  }
  return c;
}

}  // namespace rumor::lab
