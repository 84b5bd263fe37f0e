// Scenario "mass-restart" (memberlist#311): a large share of a converged cluster
// restarts within seconds, each node with a fresh incarnation, rejoining through the
// seed. The others may still hold a node as suspect or dead at a higher incarnation
// than the one it comes back with, and only the node itself can refute that. How long
// until every live node sees every live node alive, and does anyone stay stuck?
#include "sim/cluster.hpp"
#include "sim/scenarios.hpp"

namespace rumor::sim {

MassRestartResult run_mass_restart(const ScenarioParams& p) {
  Stopwatch sw;
  Engine e(make_engine_options(p));
  MassRestartResult r;
  r.cluster_converged = form_cluster(e, p, make_config(p));

  const auto k = static_cast<std::size_t>(p.restart_fraction * static_cast<double>(p.nodes - 1));
  const std::vector<NodeId> victims = pick_nodes(e, k);
  r.restarted = victims.size();
  std::vector<bool> restarted(e.size(), false);
  for (NodeId v : victims) restarted[v] = true;

  TrafficMeter meter(e);
  const core::Time t0 = e.now();
  const core::Stats before = e.total_stats();
  // Evenly spread crashes, each restart down_s after its crash: at any moment about
  // down_s / window of the victims are down.
  for (std::size_t i = 0; i < victims.size(); ++i) {
    const double at = victims.size() > 1 ? p.restart_window_s * static_cast<double>(i) /
                                               static_cast<double>(victims.size() - 1)
                                         : 0.0;
    const NodeId v = victims[i];
    e.at(t0 + at_seconds(at), [&e, v] { e.crash(v); });
    e.at(t0 + at_seconds(at + p.down_s), [&e, v] { e.restart(v, RestartMode::fresh, {0}); });
  }
  const MembershipViews& v = e.views();
  const double live_n = static_cast<double>(p.nodes);
  Sampler seen("members each node sees alive, mean (fraction of the live)", t0,
               std::chrono::milliseconds(500), [&v, live_n] {
                 return static_cast<double>(v.live_seen_total()) / (live_n * live_n);
               });
  const core::Time all_back = t0 + at_seconds(p.restart_window_s + p.down_s);
  const double limit = p.duration_s > 0 ? p.duration_s : default_duration_s("mass-restart");
  r.converged = e.run_until(all_back + at_seconds(limit), [&] {
    seen.poll(e.now());
    return e.now() >= all_back && v.converged();
  });
  seen.finish(e.now());
  if (r.converged) r.all_alive_s = seconds(e.now() - t0);
  r.members_seen = seen.take();

  const std::uint64_t live = v.live_count();
  r.stuck_pairs = live * live - v.live_seen_total();
  r.stuck_observers = live - v.complete_observers();
  for (const DeathRecord& d : v.deaths())
    if (d.at >= t0 && d.subject < restarted.size() && restarted[d.subject]) ++r.death_declarations;
  r.refutations = e.total_stats().refutations - before.refutations;
  r.traffic = meter.finish();
  r.run = run_info(e, sw);
  return r;
}

}  // namespace rumor::sim
