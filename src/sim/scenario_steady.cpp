// Scenario "steady": the background cost of membership. An idle, converged cluster runs
// for duration_s; we report what each node sends per second, by message type too.
#include "sim/cluster.hpp"
#include "sim/scenarios.hpp"

namespace rumor::sim {

SteadyResult run_steady(const ScenarioParams& p) {
  Stopwatch sw;
  Engine e(make_engine_options(p));
  SteadyResult r;
  r.cluster_converged = form_cluster(e, p, make_config(p));

  const double limit = p.duration_s > 0 ? p.duration_s : default_duration_s("steady");
  TrafficMeter meter(e);
  const core::Time t0 = e.now();
  Sampler sent("bytes sent", t0, std::chrono::seconds(1), [&e] {
    const NodeCounters c = e.total_counters();
    return static_cast<double>(c.packet_bytes_sent + c.stream_bytes_sent);
  });
  e.run_until(t0 + at_seconds(limit), [&] {
    sent.poll(e.now());
    return false;
  });
  sent.finish(e.now());
  r.bytes_per_node_per_s = rate_of(sent.series(), "bytes sent per node per second");
  for (double& b : r.bytes_per_node_per_s.value) b /= static_cast<double>(e.size());
  r.false_positives =
      count_false_positives(e.views(), std::vector<bool>(e.size(), false), t0, nullptr);
  r.traffic = meter.finish();
  r.run = run_info(e, sw);
  return r;
}

}  // namespace rumor::sim
