#include "sim/converge_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace rumor::sim {
namespace {

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

// `text` left-aligned in `width` columns.
std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

// "50%", "99.99%".
std::string percent(double q) {
  std::string s = fmt("%.4g", q * 100);
  return s + "%";
}

nlohmann::ordered_json params_json(const ConvergeResult& r) {
  const ScenarioParams& b = r.params.base;
  nlohmann::ordered_json j;
  j["nodes"] = b.nodes;
  j["interval_s"] = r.model.interval_s;
  j["fanout"] = r.model.fanout;
  j["loss"] = b.loss;
  j["failed"] = r.params.failed;
  j["crashed"] = r.crashed;
  j["seeds"] = r.params.seeds;
  j["first_seed"] = b.seed;
  j["profile"] = core::to_string(b.profile);
  j["duration_s"] = b.duration_s;
  return j;
}

nlohmann::ordered_json spread_json(const Spread& s, double interval_s, std::size_t seeds) {
  nlohmann::ordered_json j;
  if (s.count == 0) {
    j["mean_s"] = nullptr;
  } else {
    j["mean_s"] = s.mean;
    j["p5_s"] = s.p5;
    j["p95_s"] = s.p95;
    j["mean_rounds"] = s.mean / interval_s;
  }
  j["seeds_reached"] = s.count;
  j["seeds"] = seeds;
  return j;
}

}  // namespace

std::string target_key(double q) {
  std::string s = "p" + fmt("%.4g", q * 100);
  std::replace(s.begin(), s.end(), '.', '_');
  return s;
}

nlohmann::ordered_json to_json(const ConvergeResult& r) {
  const ConvergeModel& m = r.model;
  nlohmann::ordered_json j;
  j["command"] = "converge";
  j["params"] = params_json(r);

  nlohmann::ordered_json model;
  model["beta"] = m.beta();
  model["bandwidth_bytes_per_s"] = m.bandwidth_bytes_per_s();
  for (double q : kConvergeTargets)
    model["time_to"][target_key(q)] = {{"rounds", m.rounds_to(q)}, {"s", m.seconds_to(q)}};
  j["model"] = model;

  nlohmann::ordered_json measured;
  for (std::size_t k = 0; k < kConvergeTargets.size(); ++k)
    measured["time_to"][target_key(kConvergeTargets[k])] =
        spread_json(r.time_to_s[k], m.interval_s, r.runs.size());
  measured["bytes_per_node_per_s"] = {{"mean", r.bytes_per_node_per_s.mean},
                                      {"p5", r.bytes_per_node_per_s.p5},
                                      {"p95", r.bytes_per_node_per_s.p95}};
  j["measured"] = measured;

  nlohmann::ordered_json curve;
  std::vector<double> secs, model_y;
  for (double x : r.rounds) {
    secs.push_back(x * m.interval_s);
    model_y.push_back(m.fraction_at(x));
  }
  curve["rounds"] = r.rounds;
  curve["s"] = secs;
  curve["model"] = model_y;
  curve["mean"] = r.mean;
  curve["p5"] = r.p5;
  curve["p95"] = r.p95;
  j["curve"] = curve;

  nlohmann::ordered_json runs = nlohmann::ordered_json::array();
  for (const ConvergeRun& run : r.runs) {
    nlohmann::ordered_json o;
    o["seed"] = run.seed;
    o["trace_hash"] = run.trace_hash;
    o["cluster_converged"] = run.cluster_converged;
    o["live_nodes"] = run.live_nodes;
    o["reached"] = run.reached;
    for (std::size_t k = 0; k < kConvergeTargets.size(); ++k) {
      const auto& t = run.time_to_s[k];
      o["time_to_s"][target_key(kConvergeTargets[k])] =
          t ? nlohmann::ordered_json(*t) : nlohmann::ordered_json(nullptr);
    }
    o["bytes_per_node_per_s"] = run.bytes_per_node_per_s;
    runs.push_back(o);
  }
  j["runs"] = runs;
  j["wall_s"] = r.wall_s;
  return j;
}

std::string to_text(const ConvergeResult& r) {
  const ConvergeModel& m = r.model;
  const ScenarioParams& b = r.params.base;
  std::ostringstream out;
  out << "converge: " << b.nodes << " nodes (" << r.crashed << " crashed), gossip every "
      << fmt("%g", m.interval_s * 1000) << " ms to " << m.fanout << ", loss " << fmt("%g", b.loss)
      << ", " << core::to_string(b.profile) << " profile; " << r.runs.size()
      << (r.runs.size() == 1 ? " seed" : " seeds") << " from " << b.seed << "\n";
  out << "model: Serf's 1 / (1 + (n+1) e^(-beta x)), beta = " << fmt("%.4g", m.beta())
      << "; measured: the real protocol, fraction of live nodes holding one broadcast\n\n";

  out << "  reached    model                measured: mean [p5 - p95]                seeds\n";
  for (std::size_t k = 0; k < kConvergeTargets.size(); ++k) {
    const double q = kConvergeTargets[k];
    const Spread& s = r.time_to_s[k];
    std::string line = "  " + pad(percent(q), 9) + fmt("%7.2f s", m.seconds_to(q)) +
                       fmt(" %6.1f rd   ", m.rounds_to(q));
    const std::string measured = s.count == 0 ? std::string("never")
                                              : fmt("%7.2f s", s.mean) +
                                                    fmt(" %6.1f rd", s.mean / m.interval_s) +
                                                    fmt(" [%.2f - ", s.p5) + fmt("%.2f s]", s.p95);
    line += pad(measured, 41);
    out << line << "  " << s.count << "/" << r.runs.size() << "\n";
  }
  out << "\n  bandwidth  model (Serf's max estimate) " << fmt("%.0f", m.bandwidth_bytes_per_s())
      << " B/s per node; measured " << fmt("%.0f", r.bytes_per_node_per_s.mean)
      << " B/s sent per live node [" << fmt("%.0f", r.bytes_per_node_per_s.p5) << " - "
      << fmt("%.0f", r.bytes_per_node_per_s.p95) << "] until all had it\n\n";

  // The curve, thinned to about 20 rows.
  out << "  round      time    model  measured mean [p5 - p95]\n";
  const std::size_t stride = std::max<std::size_t>(1, r.rounds.size() / 20);
  for (std::size_t i = 0; i < r.rounds.size(); i += stride) {
    const double x = r.rounds[i];
    out << fmt("  %5.1f", x) << fmt("  %7.2f s", x * m.interval_s)
        << fmt("  %6.1f%%", 100 * m.fraction_at(x)) << fmt("  %6.1f%%", 100 * r.mean[i])
        << fmt(" [%5.1f", 100 * r.p5[i]) << fmt(" - %5.1f]\n", 100 * r.p95[i]);
  }
  out << "\n  wall " << fmt("%.2f", r.wall_s) << " s\n";
  return out.str();
}

}  // namespace rumor::sim
