// Scenario "leave" (consul#8435): one Serf node leaves gracefully from a cluster busy with
// user events and, with --churn, membership updates. Serf first queues its leave intent
// and waits (up to broadcast_timeout) for it to be retransmitted, then leaves memberlist
// and waits leave_propagate_delay before it stops. If the intent is stuck behind other
// broadcasts, the node stops before the cluster has heard, and in Go's Serf the others
// end up seeing it failed instead of left; rumor's Serf still records a leave where
// memberlist's own leave message got out (serf/members.cpp). We measure how many knew
// when it stopped, and how long until every node has it left.
#include "sim/cluster.hpp"
#include "sim/scenarios.hpp"

namespace rumor::sim {
namespace {

struct Opinions {
  std::size_t observers = 0, knew = 0, left = 0, failed = 0;
};

Opinions opinions_of(const Engine& e, NodeId leaver) {
  const std::string name = node_name(leaver);
  Opinions o;
  for (NodeId i = 0; i < e.size(); ++i) {
    if (i == leaver || e.state(i) != NodeState::up) continue;
    ++o.observers;
    const serf::MemberStatus s = e.serf(i).member_status(name);
    o.knew += s == serf::MemberStatus::leaving || s == serf::MemberStatus::left;
    o.left += s == serf::MemberStatus::left;
    o.failed += s == serf::MemberStatus::failed;
  }
  return o;
}

}  // namespace

LeaveResult run_leave(const ScenarioParams& params) {
  ScenarioParams p = params;
  p.layer = Layer::serf;
  Stopwatch sw;
  Engine e(make_engine_options(p));
  LeaveResult r;
  const core::Config cfg = make_config(p);
  r.cluster_converged = form_cluster(e, p, cfg);
  r.events_per_s = p.events_per_s.value_or(10.0);
  r.broadcast_timeout_s = seconds(make_serf_config(cfg).broadcast_timeout);

  const double limit = p.duration_s > 0 ? p.duration_s : default_duration_s("leave");
  const core::Time end = e.now() + at_seconds(limit + 5.0);
  // The background traffic runs for the whole measurement; 5 s first fill the queues.
  schedule_user_events(e, r.events_per_s, p.payload_bytes, end);
  // consul#8435's cluster also had membership churn: its news competes with the intent.
  r.churn_per_s = p.churn_per_s;
  schedule_meta_churn(e, p.churn_per_s, end);
  e.run_until(e.now() + std::chrono::seconds(5));

  TrafficMeter meter(e);
  const auto leaver = static_cast<NodeId>(1 + e.rng().below(p.nodes - 1));
  const core::Time t0 = e.now();
  e.leave(leaver);
  Sampler left("observers that have it left", t0, std::chrono::milliseconds(500), [&] {
    const Opinions o = opinions_of(e, leaver);
    return o.observers ? static_cast<double>(o.left) / static_cast<double>(o.observers) : 0.0;
  });
  Sampler knew(
      "observers that know it is leaving or left", t0, std::chrono::milliseconds(500), [&] {
        const Opinions o = opinions_of(e, leaver);
        return o.observers ? static_cast<double>(o.knew) / static_cast<double>(o.observers) : 0.0;
      });
  auto sample = [&] {
    left.poll(e.now());
    knew.poll(e.now());
  };

  // In steps of a gossip interval, checking at each step (an O(N) count) whether every
  // observer has it left; within a step, the moment the leaver stops is caught exactly
  // (an O(1) check after every event), so knew_at_shutdown is the count at that moment.
  const core::Duration step = make_config(p).gossip_interval;
  bool stopped = false;
  while (e.now() < end) {
    if (!r.all_left_s) {
      const Opinions o = opinions_of(e, leaver);
      if (o.observers > 0 && o.left == o.observers) r.all_left_s = seconds(e.now() - t0);
    }
    if (r.all_left_s && stopped) break;
    const bool stopped_now = e.run_until(std::min(end, e.now() + step), [&] {
      sample();
      return !stopped && e.state(leaver) != NodeState::up;
    });
    if (!stopped_now) continue;
    stopped = true;
    r.leave_done_s = seconds(*e.left_at(leaver) - t0);
    const Opinions o = opinions_of(e, leaver);
    r.knew_at_shutdown = o.knew;
    r.knew_at_shutdown_fraction =
        o.observers ? static_cast<double>(o.knew) / static_cast<double>(o.observers) : 0.0;
  }
  left.finish(e.now());
  knew.finish(e.now());
  const Opinions o = opinions_of(e, leaver);
  r.observers = o.observers;
  r.seen_left = o.left;
  r.seen_failed = o.failed;
  r.seen_alive = o.observers - o.left - o.failed;
  r.seen_left_fraction = left.take();
  r.knew_fraction = knew.take();
  r.traffic = meter.finish();
  r.run = run_info(e, sw);
  return r;
}

}  // namespace rumor::sim
