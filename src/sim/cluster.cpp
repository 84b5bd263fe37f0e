#include "sim/cluster.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cmath>

#include "codec/keyring.hpp"
#include "codec/messages.hpp"
#include "core/rng.hpp"
#include "sim/stats_math.hpp"

namespace rumor::sim {

core::Config make_config(const ScenarioParams& p) {
  core::Config c = core::Config::for_profile(p.profile);
  c.lifeguard = p.lifeguard;
  if (p.membership_share) c.membership_share = *p.membership_share;
  if (p.pulled_alive_transmits) c.pulled_alive_transmits = *p.pulled_alive_transmits;
  if (p.memberlist_anti_entropy) {
    c.pulled_alive_transmits.reset();
    c.push_pull_while_learning = false;
  }
  if (p.encrypt) {
    core::Rng r(p.seed ^ 0x6b657972696e67ULL);  // "keyring": not the engine's stream
    Bytes key(16);
    for (auto& b : key) b = static_cast<std::uint8_t>(r.next());
    c.encryption.keyring = std::make_shared<codec::Keyring>(codec::Keyring::create(key).value());
  }
  if (p.gossip_interval_s) c.gossip_interval = at_seconds(*p.gossip_interval_s);
  if (p.gossip_nodes) c.gossip_nodes = *p.gossip_nodes;
  if (p.eager_gossip)
    c.eager_gossip_interval = *p.eager_gossip ? c.gossip_interval : core::Duration::zero();
  return c;
}

serf::Config make_serf_config(const core::Config& memberlist) {
  serf::Config c;
  c.memberlist = memberlist;
  return c;
}

EngineOptions make_engine_options(const ScenarioParams& p) {
  EngineOptions o;
  o.seed = p.seed;
  o.net.latency = LatencyModel::for_profile(p.profile);
  if (p.latency_ms) o.net.latency.base = at_seconds(*p.latency_ms / 1000.0);
  if (p.jitter_ms) o.net.latency.jitter = at_seconds(*p.jitter_ms / 1000.0);
  if (p.jitter) o.net.latency.kind = *p.jitter;
  o.net.loss = p.loss;
  o.net.mtu = p.mtu;
  o.stall_order = p.stall_order;
  o.meta_bytes = p.meta_bytes;
  o.progress = p.progress;
  return o;
}

std::optional<core::Time> bootstrap(Engine& e, const core::Config& cfg, std::size_t n,
                                    core::Duration window, core::Time limit,
                                    const std::function<void()>& observe) {
  for (std::size_t i = 0; i < n; ++i) e.add_node(cfg);
  return join_through_first(e, n, window, limit, observe);
}

void add_nodes(Engine& e, Layer layer, const core::Config& cfg, std::size_t n) {
  if (layer == Layer::serf) {
    const serf::Config sc = make_serf_config(cfg);
    for (std::size_t i = 0; i < n; ++i) e.add_serf_node(sc);
    return;
  }
  for (std::size_t i = 0; i < n; ++i) e.add_node(cfg);
}

std::optional<core::Time> join_through_first(Engine& e, std::size_t n, core::Duration window,
                                             core::Time limit,
                                             const std::function<void()>& observe) {
  const core::Time t0 = e.now();
  e.start(0);
  for (std::size_t i = 1; i < n; ++i) {
    const auto id = static_cast<NodeId>(i);
    const core::Time when =
        t0 + window * static_cast<std::int64_t>(i) / static_cast<std::int64_t>(n);
    e.at(when, [&e, id] {
      e.start(id);
      e.join(id, {0});
    });
  }
  const MembershipViews& v = e.views();
  const bool ok = e.run_until(limit, [&] {
    if (observe) observe();
    return v.live_count() == n && v.converged();
  });
  if (!ok) return std::nullopt;
  return e.now();
}

bool form_cluster(Engine& e, const ScenarioParams& p, const core::Config& cfg) {
  bool converged = true;
  if (p.preconverged && p.layer == Layer::serf) {
    e.preconverge(make_serf_config(cfg), p.nodes);
  } else if (p.preconverged) {
    e.preconverge(cfg, p.nodes);
  } else {
    add_nodes(e, p.layer, cfg, p.nodes);
    converged = join_through_first(e, p.nodes, at_seconds(p.join_window_s),
                                   e.now() + at_seconds(p.formation_limit_s))
                    .has_value();
  }
  settle(e, e.now() + std::chrono::seconds(60));
  return converged;
}

void schedule_user_events(Engine& e, double per_s, std::size_t payload_bytes, core::Time until) {
  if (per_s <= 0) return;
  const auto gap = at_seconds(1.0 / per_s);
  for (core::Time t = e.now(); t < until; t += gap) {
    e.at(t, [&e, payload_bytes] {
      // A few draws find a live node unless most are down; then this one is skipped.
      for (int tries = 0; tries < 8; ++tries) {
        const auto n = static_cast<NodeId>(e.rng().below(e.size()));
        if (e.state(n) != NodeState::up) continue;
        e.broadcast(n, payload_bytes);
        return;
      }
    });
  }
}

void schedule_meta_churn(Engine& e, double per_s, core::Time until) {
  if (per_s <= 0) return;
  const auto gap = at_seconds(1.0 / per_s);
  for (core::Time t = e.now(); t < until; t += gap) {
    e.at(t, [&e] {
      const auto n = static_cast<NodeId>(e.rng().below(e.size()));
      e.update_meta(n);
    });
  }
}

void settle(Engine& e, core::Time limit) {
  auto quiet = [&e] {
    for (NodeId i = 0; i < e.size(); ++i)
      if (e.state(i) == NodeState::up && e.queued_broadcasts(i) != 0) return false;
    return true;
  };
  while (e.now() < limit && !quiet())
    e.run_until(std::min(limit, e.now() + std::chrono::seconds(1)));
}

Traffic TrafficMeter::finish() const {
  Traffic t;
  t.window_s = seconds(e_.now() - start_);
  t.nodes = e_.size();
  const core::Stats d = diff_stats(e_.total_stats(), stats_);
  NodeCounters net = e_.total_counters();
  // Window difference of the engine's counters.
  auto sub = [](std::uint64_t a, std::uint64_t b) { return a >= b ? a - b : 0; };
  net.packets_sent = sub(net.packets_sent, net_.packets_sent);
  net.packet_bytes_sent = sub(net.packet_bytes_sent, net_.packet_bytes_sent);
  net.packets_delivered = sub(net.packets_delivered, net_.packets_delivered);
  net.dropped_lost = sub(net.dropped_lost, net_.dropped_lost);
  net.dropped_partitioned = sub(net.dropped_partitioned, net_.dropped_partitioned);
  net.dropped_too_big = sub(net.dropped_too_big, net_.dropped_too_big);
  net.dropped_down = sub(net.dropped_down, net_.dropped_down);
  net.streams_opened = sub(net.streams_opened, net_.streams_opened);
  net.stream_bytes_sent = sub(net.stream_bytes_sent, net_.stream_bytes_sent);
  net.streams_failed = sub(net.streams_failed, net_.streams_failed);
  net.stalled_inputs = sub(net.stalled_inputs, net_.stalled_inputs);
  t.net = net;

  const double nodes = t.nodes == 0 ? 1.0 : static_cast<double>(t.nodes);
  const double secs = t.window_s > 0 ? t.window_s : 1.0;
  std::uint64_t msgs = 0;
  for (std::size_t type = 0; type < d.msgs_out.size(); ++type) {
    if (d.msgs_out[type] == 0) continue;
    msgs += d.msgs_out[type];
    t.by_type.push_back({codec::to_string(static_cast<codec::MessageType>(type)),
                         static_cast<double>(d.msgs_out[type]) / nodes / secs,
                         static_cast<double>(d.bytes_out[type]) / nodes / secs});
  }
  const double bytes = static_cast<double>(net.packet_bytes_sent + net.stream_bytes_sent);
  t.msgs_per_node = static_cast<double>(msgs) / nodes;
  t.bytes_per_node = bytes / nodes;
  t.msgs_per_node_per_s = t.msgs_per_node / secs;
  t.bytes_per_node_per_s = t.bytes_per_node / secs;
  t.packets_per_node_per_s = static_cast<double>(net.packets_sent) / nodes / secs;
  t.cpu_us_per_node_per_s = cpu_.cpu_seconds() * 1e6 / nodes / secs;
  return t;
}

std::optional<double> time_to_fraction(const std::vector<double>& sorted, std::size_t total,
                                       double q) {
  // The epsilon keeps a product that rounding left just above a whole number (0.56 * 100
  // is 56.00000000000001) from asking for one node more.
  const auto need = static_cast<std::size_t>(std::ceil(q * static_cast<double>(total) - 1e-9));
  if (need == 0 || need > sorted.size()) return std::nullopt;
  return sorted[need - 1];
}

double Stopwatch::cpu_now() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto s = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return s(u.ru_utime) + s(u.ru_stime);
}

SerfRun serf_run(const Engine& e) {
  SerfRun s;
  s.figures = e.serf_figures();
  s.pruned_broadcasts = e.serf_pruned_broadcasts();
  std::vector<double> lat;
  for (const std::uint64_t id : e.user_events()) {
    const BroadcastLog::Entry* entry = e.broadcasts().find(id);
    if (entry == nullptr) continue;
    for (NodeId i = 0; i < entry->first_seen.size(); ++i)
      if (i != entry->origin && entry->first_seen[i] != core::kNever)
        lat.push_back(seconds(entry->first_seen[i] - entry->origin_at));
  }
  std::sort(lat.begin(), lat.end());
  s.event_latency_p50_s = time_to_fraction(lat, lat.size(), 0.50);
  s.event_latency_p90_s = time_to_fraction(lat, lat.size(), 0.90);
  s.event_latency_p99_s = time_to_fraction(lat, lat.size(), 0.99);
  s.event_latency_max_s = time_to_fraction(lat, lat.size(), 1.0);
  return s;
}

RunInfo run_info(const Engine& e, const Stopwatch& sw) {
  RunInfo r;
  r.trace_hash = to_hex(e.trace_hash());
  r.events = e.events_processed();
  r.nodes = e.size();
  r.sim_s = seconds(e.now());
  r.wall_s = sw.seconds();
  r.cpu_s = sw.cpu_seconds();
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  r.peak_rss_mib = static_cast<double>(u.ru_maxrss) / 1024.0;  // Linux: KiB
  r.queue_depth_max = e.queue_depths().max;
  r.queue_depth_mean = e.queue_depths().mean();
  if (e.has_serf_nodes()) r.serf = serf_run(e);
  return r;
}

}  // namespace rumor::sim
