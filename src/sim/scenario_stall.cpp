// Scenario "stall": the Lifeguard paper's experiment. A few nodes repeatedly stop
// processing for a while (GC pauses, CPU starvation, a frozen VM); healthy nodes must
// not be declared dead because of them. Compare --lifeguard on and off.
#include "sim/cluster.hpp"
#include "sim/scenarios.hpp"

namespace rumor::sim {

StallResult run_stall(const ScenarioParams& p) {
  Stopwatch sw;
  Engine e(make_engine_options(p));
  const core::Config cfg = make_config(p);
  StallResult r;
  r.cluster_converged = form_cluster(e, p, cfg);

  const std::vector<NodeId> slow = pick_nodes(e, p.stall);
  r.stalled_nodes = slow.size();
  std::vector<bool> stalled(e.size(), false);
  for (NodeId n : slow) stalled[n] = true;

  const double limit = p.duration_s > 0 ? p.duration_s : default_duration_s("stall");
  const core::Time t0 = e.now();
  const core::Time end = t0 + at_seconds(limit);
  const core::Duration every = at_seconds(p.stall_every_s);
  const core::Duration length = at_seconds(p.stall_time_s);
  // Each slow node stalls on its own phase, so the stalls overlap only by chance.
  for (NodeId n : slow) {
    const core::Time phase = t0 + core::Duration(static_cast<std::int64_t>(
                                      e.rng().below(static_cast<std::uint64_t>(every.count()))));
    for (core::Time t = phase; t + length <= end; t += every) {
      e.at(t, [&e, n, length] { e.stall(n, length); });
      ++r.stalls;
    }
  }

  TrafficMeter meter(e);
  const core::Stats before = e.total_stats();
  Sampler suspicions("suspicions raised", t0, std::chrono::seconds(1), [&e, &before] {
    return static_cast<double>(e.total_stats().suspicions - before.suspicions);
  });
  e.run_until(end, [&] {
    suspicions.poll(e.now());
    return false;
  });
  suspicions.finish(e.now());
  r.suspicions_over_time = suspicions.take();
  const core::Stats after = e.total_stats();
  r.suspicions = after.suspicions - before.suspicions;
  r.refutations = after.refutations - before.refutations;

  r.false_positives = count_false_positives(e.views(), stalled, t0, &r.false_death_events);
  std::vector<bool> healthy(e.size(), true);
  for (NodeId n : slow) healthy[n] = false;
  r.stalled_declared_dead = count_false_positives(e.views(), healthy, t0, nullptr);
  std::vector<double> false_deaths;
  for (const DeathRecord& d : e.views().deaths())
    if (d.at >= t0 && !stalled[d.subject]) false_deaths.push_back(seconds(d.at - t0));
  r.false_deaths_over_time = cumulative_series("false death declarations", std::move(false_deaths),
                                               seconds(e.now() - t0), 1.0);
  r.traffic = meter.finish();
  r.run = run_info(e, sw);
  return r;
}

}  // namespace rumor::sim
