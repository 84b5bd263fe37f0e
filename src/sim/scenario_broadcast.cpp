// Scenario "broadcast": how fast one user broadcast reaches a converged cluster, in
// seconds and in gossip rounds, optionally while membership churn competes for the same
// packets (memberlist#299: membership news could starve user broadcasts; our
// Config::membership_share bounds membership's part of each packet).
#include <algorithm>

#include "sim/cluster.hpp"
#include "sim/scenarios.hpp"

namespace rumor::sim {
BroadcastResult run_broadcast(const ScenarioParams& p) {
  Stopwatch sw;
  Engine e(make_engine_options(p));
  const core::Config cfg = make_config(p);
  BroadcastResult r;
  r.cluster_converged = form_cluster(e, p, cfg);

  const double limit = p.duration_s > 0 ? p.duration_s : default_duration_s("broadcast");
  const core::Time end = e.now() + at_seconds(limit + (p.churn_per_s > 0 ? 5.0 : 0.0));
  if (p.churn_per_s > 0) {
    // Let the churn fill the queues before the broadcast goes out.
    schedule_meta_churn(e, p.churn_per_s, end);
    e.run_until(e.now() + std::chrono::seconds(5));
  }

  TrafficMeter meter(e);
  const auto origin = static_cast<NodeId>(e.rng().below(p.nodes));
  const core::Time t0 = e.now();
  const std::uint64_t id = e.broadcast(origin, p.payload_bytes);
  const MembershipViews& v = e.views();
  const BroadcastLog& log = e.broadcasts();
  e.run_until(end, [&] { return log.find(id)->reached >= v.live_count(); });

  const BroadcastLog::Entry& entry = *log.find(id);
  std::vector<double> times;
  for (NodeId i = 0; i < entry.first_seen.size(); ++i)
    if (entry.first_seen[i] != core::kNever) times.push_back(seconds(entry.first_seen[i] - t0));
  std::sort(times.begin(), times.end());
  r.reached = entry.reached;
  r.live_nodes = v.live_count();
  r.reached_fraction =
      cumulative_series("fraction of live nodes that have it", times, seconds(e.now() - t0),
                        1.0 / static_cast<double>(std::max<std::size_t>(1, r.live_nodes)));
  r.p50_s = time_to_fraction(times, r.live_nodes, 0.50);
  r.p90_s = time_to_fraction(times, r.live_nodes, 0.90);
  r.p99_s = time_to_fraction(times, r.live_nodes, 0.99);
  r.all_s = time_to_fraction(times, r.live_nodes, 1.0);
  r.gossip_interval_s = seconds(cfg.gossip_interval);
  auto rounds = [&](const std::optional<double>& s) -> std::optional<double> {
    if (!s) return std::nullopt;
    return *s / r.gossip_interval_s;
  };
  r.rounds_p50 = rounds(r.p50_s);
  r.rounds_p90 = rounds(r.p90_s);
  r.rounds_p99 = rounds(r.p99_s);
  r.rounds_all = rounds(r.all_s);
  r.traffic = meter.finish();
  r.run = run_info(e, sw);
  return r;
}

}  // namespace rumor::sim
