// Scenario "intent-churn" (consul#7960, #9927): at a steady rate a random live node
// leaves gracefully for good and a new node joins through node 0, as in a cluster of
// autoscaled agents. Each departure and arrival is a Serf intent every node queues and
// retransmits, next to the user events the cluster carries; Consul operators saw the
// intent queue pass its 4,096 limit and Serf drop intents. We sample Serf's queues, count
// what its queue depth check dropped, and once churn stops, wait for the cluster to agree
// again: every live node sees every live one alive and every departed one not alive.
#include <algorithm>

#include "sim/cluster.hpp"
#include "sim/scenarios.hpp"

namespace rumor::sim {
namespace {

// (live observer, departed node) pairs that still have it alive or leaving, and that
// have it failed instead of left.
std::pair<std::size_t, std::size_t> departed_opinions(const Engine& e,
                                                      const std::vector<NodeId>& departed) {
  std::size_t alive = 0, failed = 0;
  for (NodeId i = 0; i < e.size(); ++i) {
    if (e.state(i) != NodeState::up) continue;
    for (NodeId d : departed) {
      const serf::MemberStatus s = e.serf(i).member_status(node_name(d));
      alive += s == serf::MemberStatus::alive || s == serf::MemberStatus::leaving;
      failed += s == serf::MemberStatus::failed;
    }
  }
  return {alive, failed};
}

}  // namespace

IntentChurnResult run_intent_churn(const ScenarioParams& params) {
  ScenarioParams p = params;
  p.layer = Layer::serf;
  Stopwatch sw;
  Engine e(make_engine_options(p));
  IntentChurnResult r;
  const core::Config cfg = make_config(p);
  const serf::Config serf_cfg = make_serf_config(cfg);
  r.churn_per_s = p.churn_per_s > 0 ? p.churn_per_s : 2.0;
  r.churn_time_s = p.churn_time_s;
  r.events_per_s = p.events_per_s.value_or(2.0);
  const auto gap = at_seconds(1.0 / r.churn_per_s);
  const auto churn_span = at_seconds(r.churn_time_s);
  // One departure and one arrival per gap in [0, churn_span). The arrivals' names are
  // known now, so every node's tables are laid out once for the whole run.
  const auto arrivals =
      static_cast<std::size_t>((churn_span.count() + gap.count() - 1) / gap.count());
  e.reserve_nodes(p.nodes + arrivals);
  r.cluster_converged = form_cluster(e, p, cfg);

  const core::Time t0 = e.now();
  const core::Time churn_end = t0 + churn_span;
  const double limit = p.duration_s > 0 ? p.duration_s : default_duration_s("intent-churn");
  const core::Time end = churn_end + at_seconds(limit);
  TrafficMeter meter(e);
  schedule_user_events(e, r.events_per_s, p.payload_bytes, churn_end);

  std::vector<NodeId> departed;
  for (std::size_t k = 0; k < arrivals; ++k) {
    e.at(t0 + gap * static_cast<std::int64_t>(k), [&] {
      // One departure: a live node other than the seed, not already on its way out.
      for (int tries = 0; tries < 8; ++tries) {
        const auto n = static_cast<NodeId>(1 + e.rng().below(e.size() - 1));
        if (e.state(n) != NodeState::up || e.serf(n).state() != serf::SerfState::alive) continue;
        e.leave(n);
        departed.push_back(n);
        ++r.departures;
        break;
      }
      // One arrival: a new node, joining through the seed.
      const NodeId fresh = e.add_serf_node(serf_cfg);
      e.start(fresh);
      e.join(fresh, {0});
      ++r.arrivals;
    });
  }

  // Sampled every second from the start of churn (an O(N) pass over the live nodes).
  TimeSeries imax{"intent queue, max over nodes", {}, {}};
  TimeSeries imean{"intent queue, mean over nodes", {}, {}};
  TimeSeries emean{"event queue, mean over nodes", {}, {}};
  double intent_sum = 0;
  std::uint64_t intent_samples = 0;
  auto sample = [&] {
    std::size_t mx = 0, up = 0;
    double isum = 0, esum = 0;
    for (NodeId i = 0; i < e.size(); ++i) {
      if (e.state(i) != NodeState::up) continue;
      const serf::Serf& s = e.serf(i);
      mx = std::max(mx, s.queued_intents());
      r.event_queue_max = std::max(r.event_queue_max, s.queued_events());
      isum += static_cast<double>(s.queued_intents());
      esum += static_cast<double>(s.queued_events());
      ++up;
    }
    const double t = seconds(e.now() - t0);
    const double live = up ? static_cast<double>(up) : 1.0;
    imax.add(t, static_cast<double>(mx));
    imean.add(t, isum / live);
    emean.add(t, esum / live);
    r.intent_queue_max = std::max(r.intent_queue_max, mx);
    intent_sum += isum;
    intent_samples += up;
  };

  const MembershipViews& v = e.views();
  while (e.now() < end) {
    sample();
    if (e.now() >= churn_end && v.converged() && departed_opinions(e, departed).first == 0) {
      r.converged_after = true;
      r.converge_s = seconds(e.now() - churn_end);
      break;
    }
    e.run_until(std::min(end, e.now() + std::chrono::seconds(1)));
  }
  sample();
  const auto [alive, failed] = departed_opinions(e, departed);
  r.departed_seen_alive = alive;
  r.departed_seen_failed = failed;
  r.intent_queue_mean = intent_samples ? intent_sum / static_cast<double>(intent_samples) : 0;
  r.queue_dropped = e.serf_pruned_broadcasts();
  r.intent_queue_max_series = std::move(imax);
  r.intent_queue_mean_series = std::move(imean);
  r.event_queue_mean_series = std::move(emean);
  r.traffic = meter.finish();
  r.run = run_info(e, sw);
  return r;
}

}  // namespace rumor::sim
