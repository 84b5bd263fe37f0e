#include "lab/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

namespace rumor::lab {
namespace {

std::string fmt(double v) {
  if (std::isnan(v)) return "-";
  char buf[32];
  if (v != 0 && (std::abs(v) < 0.01 || std::abs(v) >= 1e6))
    std::snprintf(buf, sizeof buf, "%.3g", v);
  else
    std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}
std::string fmt(const std::optional<double>& v) {
  return v ? fmt(*v) : "-";
}

std::string pad(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string row(const std::string& name, const Stat& s, const std::string& model) {
  return "  " + pad(name, 12) + pad(fmt(s.mean), 10) + pad(fmt(s.sd), 10) + pad(fmt(s.p10), 10) +
         pad(fmt(s.p90), 10) + model + "\n";
}

std::string header(const Experiment& e) {
  const Params& p = e.params;
  std::string h = "rumor sim epidemic: " + describe(p) + "\n";
  h += "  " + std::to_string(p.nodes) + " nodes, " + std::to_string(e.trials) + " trial" +
       (e.trials == 1 ? "" : "s") + ", seed " + std::to_string(p.seed) + ", " +
       std::to_string(e.threads) + " thread" + (e.threads == 1 ? "" : "s");
  if (p.algorithm == Algorithm::rumor)
    h += "; unnecessary contact: " + std::string(name(p.unnecessary)) +
         ", counter reset: " + std::string(name(p.counter_reset)) +
         ", tally: " + std::string(name(p.tally));
  return h + "\n\n";
}

std::string timing(const Experiment& e, const Summary& s) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "\n  %llu cycles in %.3f s: %.1f cycles/s (%u thread%s)\n",
                static_cast<unsigned long long>(e.cycles), e.seconds, s.cycles_per_second,
                e.threads, e.threads == 1 ? "" : "s");
  return buf;
}

}  // namespace

std::string to_text(const Experiment& e, const Summary& s) {
  std::string o = header(e);
  const Prediction& m = s.model;
  if (e.params.algorithm == Algorithm::push_sum) {
    o += "  truth " + fmt(s.truth.mean) + ", " + std::to_string(push_sum_rounds(e.params)) +
         " rounds, " + fmt(s.push_sum_traffic.mean) + " messages per node, weight left " +
         fmt(s.weight_left.mean) + "\n\n";
    o += "  " + pad("round", 8) + pad("max rel error", 16) + pad("(p10 - p90)", 22) +
         pad("rms error", 12) + "model rms\n";
    const std::size_t len = s.rel_error.mean.size();
    const std::size_t step = std::max<std::size_t>(1, (len + 14) / 15);
    for (std::size_t t = 0; t < len; ++t) {
      if (t % step != 0 && t + 1 != len) continue;
      o += "  " + pad(std::to_string(t), 8) + pad(fmt(s.rel_error.mean[t]), 16) +
           pad(fmt(s.rel_error.p10[t]) + " - " + fmt(s.rel_error.p90[t]), 22) +
           pad(fmt(s.rms_error.mean[t]), 12) +
           (t < m.rms_error.size() ? fmt(m.rms_error[t]) : std::string("-")) + "\n";
    }
  } else {
    o += "  " + pad("measure", 12) + pad("mean", 10) + pad("sd", 10) + pad("p10", 10) +
         pad("p90", 10) + "model\n";
    o += row("residue", s.residue, fmt(m.residue));
    o += row("traffic", s.traffic, fmt(m.traffic));
    o += row("t_ave", s.t_ave, fmt(m.t_ave));
    std::string last = fmt(m.t_last);
    if (m.t_last_asymptotic) last += " (asymptotic " + fmt(m.t_last_asymptotic) + ")";
    o += row("t_last", s.t_last, last);
    o += row("cycles", s.rounds, "-");
    o += row("connections", s.connections, "-");
    if (e.params.connection_limit > 0) o += row("refused", s.refused, "-");
  }
  o += "\n  model: " + m.basis + "\n";
  o += timing(e, s);
  return o;
}

}  // namespace rumor::lab
