#include "lab/chart.hpp"

#include <string>

namespace rumor::lab {
namespace {

std::vector<double> rounds(std::size_t n) {
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<double>(i);
  return x;
}

plot::Series series(std::string name, const std::vector<double>& y, std::string color,
                    bool dashed = false) {
  plot::Series s;
  s.name = std::move(name);
  s.color = std::move(color);
  s.dashed = dashed;
  for (std::size_t i = 0; i < y.size(); ++i) s.points.push_back({static_cast<double>(i), y[i]});
  return s;
}

plot::Band band(const Curve& c, std::string color) {
  plot::Band b;
  b.name = "10th-90th percentile";
  b.x = rounds(c.mean.size());
  b.lo = c.p10;
  b.hi = c.p90;
  b.color = std::move(color);
  return b;
}

}  // namespace

plot::Chart to_chart(const Experiment& e, const Summary& s) {
  plot::Chart c;
  c.title = describe(e.params) + " (n=" + std::to_string(e.params.nodes) + ")";
  const std::string trials = std::to_string(e.trials) + (e.trials == 1 ? " trial" : " trials");
  if (e.params.algorithm == Algorithm::push_sum) {
    c.x.label = "round";
    c.y.label = "relative error";
    c.y.log = true;
    c.bands.push_back(band(s.rel_error, "#1f77b4"));
    c.series.push_back(series("max over nodes, mean of " + trials, s.rel_error.mean, "#1f77b4"));
    c.series.push_back(series("rms over nodes, mean of " + trials, s.rms_error.mean, "#2ca02c"));
    if (!s.model.rms_error.empty())
      c.series.push_back(series("model rms: rho^(t/2)", s.model.rms_error, "#d62728", true));
    return c;
  }
  c.x.label = "cycle";
  c.y.label = "fraction of live nodes informed";
  c.y.min = 0;
  c.y.max = 1;
  c.bands.push_back(band(s.informed, "#1f77b4"));
  c.series.push_back(series("mean of " + trials, s.informed.mean, "#1f77b4"));
  if (!s.model.informed.empty())
    c.series.push_back(series("mean-field model", s.model.informed, "#d62728", true));
  return c;
}

}  // namespace rumor::lab
