// Scenario "partition": the cluster splits into groups, each side declares the other
// dead, then the network heals. memberlist alone never re-merges (nobody probes the
// dead); our Config::reconnect_interval does what Serf does above it. We time the heal.
#include "sim/cluster.hpp"
#include "sim/scenarios.hpp"

namespace rumor::sim {

PartitionResult run_partition(const ScenarioParams& p) {
  Stopwatch sw;
  Engine e(make_engine_options(p));
  const core::Config cfg = make_config(p);
  PartitionResult r;
  r.cluster_converged = form_cluster(e, p, cfg);

  const std::size_t g = std::max<std::size_t>(1, p.groups);
  r.groups = g;
  r.partition_s = p.partition_time_s;
  std::vector<std::uint16_t> groups(e.size());
  for (std::size_t i = 0; i < groups.size(); ++i)
    groups[i] = static_cast<std::uint16_t>(i * g / groups.size());

  TrafficMeter meter(e);
  const core::Time tp = e.now();
  const MembershipViews& v = e.views();
  Sampler seen("members each node sees alive (mean, fraction of the live nodes)", tp,
               std::chrono::milliseconds(500), [&v] {
                 const double live = static_cast<double>(std::max<std::size_t>(1, v.live_count()));
                 return static_cast<double>(v.live_seen_total()) / (live * live);
               });
  Sampler complete("nodes with a complete view (fraction)", tp, std::chrono::milliseconds(500),
                   [&v] {
                     return static_cast<double>(v.complete_observers()) /
                            static_cast<double>(std::max<std::size_t>(1, v.live_count()));
                   });
  auto sample = [&] {
    seen.poll(e.now());
    complete.poll(e.now());
    return false;
  };
  e.network().partition(groups);
  e.run_until(tp + at_seconds(p.partition_time_s), sample);
  for (const DeathRecord& d : e.views().deaths())
    if (d.at >= tp && groups[d.observer] != groups[d.subject]) ++r.deaths_during_partition;

  e.network().heal();
  const core::Time th = e.now();
  const double limit = p.duration_s > 0 ? p.duration_s : default_duration_s("partition");
  r.healed = e.run_until(th + at_seconds(limit), [&] { return sample() || v.converged(); });
  seen.finish(e.now());
  complete.finish(e.now());
  r.members_seen = seen.take();
  r.complete_views = complete.take();
  if (r.healed) r.heal_s = seconds(e.now() - th);
  r.traffic = meter.finish();
  r.run = run_info(e, sw);
  return r;
}

}  // namespace rumor::sim
