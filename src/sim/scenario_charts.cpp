#include "sim/scenario_charts.hpp"

#include <algorithm>
#include <string>

namespace rumor::sim {
namespace {

plot::Series line(const TimeSeries& ts, std::string color, bool dashed = false) {
  plot::Series s;
  s.name = ts.name;
  s.color = std::move(color);
  s.dashed = dashed;
  for (std::size_t i = 0; i < ts.size(); ++i) s.points.push_back({ts.t_s[i], ts.value[i]});
  return s;
}

// A vertical marker at x (an event in the scenario: the heal, full convergence).
plot::Series marker(std::string name, double x, double lo, double hi) {
  plot::Series s;
  s.name = std::move(name);
  s.color = "#7f7f7f";
  s.dashed = true;
  s.points = {{x, lo}, {x, hi}};
  return s;
}

plot::Chart base(const char* scenario, const ScenarioParams& p, std::string x_label) {
  plot::Chart c;
  c.title = std::string(scenario) + ": " + std::to_string(p.nodes) + " nodes, seed " +
            std::to_string(p.seed) + (p.loss > 0 ? ", loss " + plot::format_number(p.loss) : "");
  c.x.label = std::move(x_label);
  return c;
}

plot::Chart fraction_chart(const char* scenario, const ScenarioParams& p, std::string x_label,
                           std::string y_label) {
  plot::Chart c = base(scenario, p, std::move(x_label));
  c.y.label = std::move(y_label);
  c.y.min = 0;
  c.y.max = 1;
  return c;
}

}  // namespace

plot::Chart to_chart(const ScenarioParams& p, const JoinResult& r) {
  plot::Chart c = fraction_chart("join", p, "seconds since node 0 started", "fraction");
  c.series.push_back(line(r.members_known, "#1f77b4"));
  c.series.push_back(line(r.complete_views, "#2ca02c"));
  return c;
}

plot::Chart to_chart(const ScenarioParams& p, const BroadcastResult& r) {
  plot::Chart c = fraction_chart("broadcast", p, "seconds since the broadcast",
                                 "fraction of live nodes that have it");
  c.series.push_back(line(r.reached_fraction, "#1f77b4"));
  return c;
}

plot::Chart to_chart(const ScenarioParams& p, const FailureResult& r) {
  plot::Chart c =
      fraction_chart("failure", p, "seconds since the crash", "fraction of healthy nodes");
  c.title += ", " + std::to_string(r.crashed) + " crashed";
  c.series.push_back(line(r.declared_dead, "#d62728"));
  return c;
}

plot::Chart to_chart(const ScenarioParams& p, const StallResult& r) {
  plot::Chart c = base("stall", p, "seconds since the stalls began");
  c.title += ", " + std::to_string(r.stalled_nodes) + " stalling, lifeguard " +
             (p.lifeguard ? "on" : "off");
  c.y.label = "count so far";
  c.y.min = 0;
  c.series.push_back(line(r.suspicions_over_time, "#ff7f0e"));
  c.series.push_back(line(r.false_deaths_over_time, "#d62728"));
  return c;
}

plot::Chart to_chart(const ScenarioParams& p, const PartitionResult& r) {
  plot::Chart c = fraction_chart("partition", p, "seconds since the cut", "fraction");
  c.title += ", " + std::to_string(r.groups) + " sides";
  c.series.push_back(line(r.members_seen, "#1f77b4"));
  c.series.push_back(line(r.complete_views, "#2ca02c"));
  c.series.push_back(marker("heal", r.partition_s, 0, 1));
  return c;
}

plot::Chart to_chart(const ScenarioParams& p, const MassRestartResult& r) {
  plot::Chart c = fraction_chart("mass-restart", p, "seconds since the first crash", "fraction");
  c.title += ", " + std::to_string(r.restarted) + " restarted";
  c.series.push_back(line(r.members_seen, "#1f77b4"));
  c.series.push_back(marker("last restart", p.restart_window_s + p.down_s, 0, 1));
  return c;
}

plot::Chart to_chart(const ScenarioParams& p, const SteadyResult& r) {
  plot::Chart c = base("steady", p, "seconds");
  c.y.label = "bytes per node per second";
  c.y.min = 0;
  c.series.push_back(line(r.bytes_per_node_per_s, "#1f77b4"));
  return c;
}

plot::Chart to_chart(const ScenarioParams& p, const LeaveResult& r) {
  plot::Chart c = fraction_chart("leave", p, "seconds since the leave", "fraction of observers");
  c.title += ", " + plot::format_number(r.events_per_s) + " user events/s";
  c.series.push_back(line(r.knew_fraction, "#ff7f0e", true));
  c.series.push_back(line(r.seen_left_fraction, "#1f77b4"));
  if (r.leave_done_s) c.series.push_back(marker("the leaver stops", *r.leave_done_s, 0, 1));
  return c;
}

plot::Chart to_chart(const ScenarioParams& p, const IntentChurnResult& r) {
  plot::Chart c = base("intent-churn", p, "seconds since churn began");
  c.title += ", " + plot::format_number(r.churn_per_s) + " departures+arrivals/s";
  c.y.label = "queued messages per node";
  c.y.min = 0;
  c.series.push_back(line(r.intent_queue_max_series, "#d62728"));
  c.series.push_back(line(r.intent_queue_mean_series, "#1f77b4"));
  c.series.push_back(line(r.event_queue_mean_series, "#2ca02c", true));
  double top = 1;
  for (double v : r.intent_queue_max_series.value) top = std::max(top, v);
  c.series.push_back(marker("churn stops", r.churn_time_s, 0, top));
  return c;
}

}  // namespace rumor::sim
