#include "sim/report.hpp"

#include <cstdio>
#include <sstream>

#include "sim/converge_model.hpp"

namespace rumor::sim {
namespace {

FieldValue opt(const std::optional<double>& v) {
  if (!v) return std::monostate{};
  return *v;
}
FieldValue num(std::uint64_t v) {
  return static_cast<std::int64_t>(v);
}

std::vector<Field> params_of(const ScenarioParams& p) {
  std::vector<Field> f = {
      {"nodes", num(p.nodes)},
      {"seed", num(p.seed)},
      {"profile", std::string(core::to_string(p.profile))},
      {"duration_s", p.duration_s},
      {"loss", p.loss},
      {"lifeguard", p.lifeguard},
      {"mtu_bytes", num(p.mtu)},
      {"join_window_s", p.join_window_s},
      {"layer", std::string(p.layer == Layer::serf ? "serf" : "core")},
  };
  if (p.latency_ms) f.push_back({"latency_ms", *p.latency_ms});
  if (p.jitter_ms) f.push_back({"jitter_ms", *p.jitter_ms});
  if (p.jitter) f.push_back({"jitter", std::string(to_string(*p.jitter))});
  if (p.membership_share) f.push_back({"membership_share", *p.membership_share});
  if (p.pulled_alive_transmits)
    f.push_back({"pulled_alive_transmits", static_cast<double>(*p.pulled_alive_transmits)});
  if (p.memberlist_anti_entropy) f.push_back({"anti_entropy", std::string("memberlist")});
  if (p.preconverged) f.push_back({"preconverged", true});
  if (p.encrypt) f.push_back({"encrypt", true});
  if (p.meta_bytes) f.push_back({"meta_bytes", num(p.meta_bytes)});
  if (p.eager_gossip) f.push_back({"eager_gossip", *p.eager_gossip});
  return f;
}

Report base(const char* scenario, const ScenarioParams& p, const RunInfo& run, const Traffic& t) {
  Report r;
  r.scenario = scenario;
  r.params = params_of(p);
  const core::Config cfg = make_config(p);
  r.gossip_interval_s = static_cast<double>(cfg.gossip_interval.count()) / 1e6;
  r.gossip_nodes = cfg.gossip_nodes;
  r.run = run;
  r.traffic = t;
  return r;
}

void traffic_fields(Report& r) {
  r.metrics.push_back({"msgs_per_node", r.traffic.msgs_per_node});
  r.metrics.push_back({"bytes_per_node", r.traffic.bytes_per_node});
  r.metrics.push_back({"msgs_per_node_per_s", r.traffic.msgs_per_node_per_s});
  r.metrics.push_back({"bytes_per_node_per_s", r.traffic.bytes_per_node_per_s});
  r.metrics.push_back({"packets_per_node_per_s", r.traffic.packets_per_node_per_s});
}

// Serf's convergence model at this size, for the per-node figures' context.
ConvergeModel serf_model(const Report& r) {
  ConvergeModel m;
  m.nodes = r.run.nodes;
  for (const Field& f : r.params)
    if (f.key == "loss") m.loss = std::get<double>(f.value);
  m.interval_s = r.gossip_interval_s;
  m.fanout = r.gossip_nodes;
  return m;
}

// memberlist#243: 2 to 3 cores per node at 2,500 nodes (the report's own figure).
constexpr double kMemberlist243CpuUsPerNodeS = 2.5e6;

nlohmann::ordered_json per_node_json(const Report& r) {
  const ConvergeModel m = serf_model(r);
  // With a steady window (join --steady), the steady state is what a node pays for good.
  const Traffic& t = r.steady ? *r.steady : r.traffic;
  return {{"window", r.steady ? "steady" : "measured"},
          {"cpu_us_per_s", t.cpu_us_per_node_per_s},
          {"bytes_per_s", t.bytes_per_node_per_s},
          {"packets_per_s", t.packets_per_node_per_s},
          {"queue_depth_max", r.run.queue_depth_max},
          {"queue_depth_mean", r.run.queue_depth_mean},
          {"host", {{"cpu_s", r.run.cpu_s}, {"peak_rss_mib", r.run.peak_rss_mib}}},
          {"reference",
           {{"memberlist_243_cpu_us_per_s_at_2500_nodes", kMemberlist243CpuUsPerNodeS},
            {"serf_model_99_99_s", m.seconds_to(0.9999)},
            {"serf_model_bandwidth_bytes_per_s", m.bandwidth_bytes_per_s()}}}};
}

nlohmann::ordered_json opt_json(const std::optional<double>& v) {
  if (!v) return nullptr;
  return *v;
}

nlohmann::ordered_json depth_json(const DepthSample& d) {
  return {{"max", d.max}, {"mean", d.mean()}};
}

nlohmann::ordered_json serf_json(const SerfRun& s) {
  const SerfFigures& f = s.figures;
  return {{"events_sent", f.events_sent},
          {"event_deliveries", f.event_deliveries},
          {"event_duplicates", f.event_duplicates},
          {"event_latency_s",
           {{"p50", opt_json(s.event_latency_p50_s)},
            {"p90", opt_json(s.event_latency_p90_s)},
            {"p99", opt_json(s.event_latency_p99_s)},
            {"max", opt_json(s.event_latency_max_s)}}},
          {"queries_sent", f.queries_sent},
          {"query_deliveries", f.query_deliveries},
          {"queries_answered", f.queries_answered},
          {"query_acks", f.query_acks},
          {"query_responses", f.query_responses},
          {"leaves_done", f.leaves_done},
          {"queue_dropped", s.pruned_broadcasts},
          {"intent_queue", depth_json(f.intent_queue)},
          {"event_queue", depth_json(f.event_queue)},
          {"query_queue", depth_json(f.query_queue)}};
}

nlohmann::ordered_json value_json(const FieldValue& v) {
  return std::visit(
      [](const auto& x) -> nlohmann::ordered_json {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>)
          return nullptr;
        else
          return x;
      },
      v);
}

std::string value_text(const FieldValue& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return "-";
        } else if constexpr (std::is_same_v<T, bool>) {
          return x ? "yes" : "no";
        } else if constexpr (std::is_same_v<T, double>) {
          char buf[32];
          std::snprintf(buf, sizeof buf, "%.4g", x);
          return buf;
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return std::to_string(x);
        } else {
          return x;
        }
      },
      v);
}

}  // namespace

Report make_report(const ScenarioParams& p, const JoinResult& r) {
  Report rep = base("join", p, r.run, r.traffic);
  rep.metrics = {{"converged", r.converged}, {"all_alive_s", opt(r.all_alive_s)}};
  traffic_fields(rep);
  if (p.steady_s > 0) {
    rep.params.push_back({"steady_s", p.steady_s});
    rep.steady = r.steady;
    rep.metrics.push_back({"steady_false_positives", num(r.steady_false_positives)});
  }
  return rep;
}

Report make_report(const ScenarioParams& p, const BroadcastResult& r) {
  Report rep = base("broadcast", p, r.run, r.traffic);
  rep.params.push_back({"churn_per_s", p.churn_per_s});
  rep.params.push_back({"payload_bytes", num(p.payload_bytes)});
  rep.metrics = {{"cluster_converged", r.cluster_converged},
                 {"reached", num(r.reached)},
                 {"live_nodes", num(r.live_nodes)},
                 {"p50_s", opt(r.p50_s)},
                 {"p90_s", opt(r.p90_s)},
                 {"p99_s", opt(r.p99_s)},
                 {"all_s", opt(r.all_s)},
                 {"rounds_p50", opt(r.rounds_p50)},
                 {"rounds_p90", opt(r.rounds_p90)},
                 {"rounds_p99", opt(r.rounds_p99)},
                 {"rounds_all", opt(r.rounds_all)},
                 {"gossip_interval_s", r.gossip_interval_s}};
  traffic_fields(rep);
  return rep;
}

Report make_report(const ScenarioParams& p, const FailureResult& r) {
  Report rep = base("failure", p, r.run, r.traffic);
  rep.params.push_back({"crash", num(p.crash)});
  if (p.restart)
    rep.params.push_back(
        {"restart", std::string(*p.restart == RestartMode::keep ? "keep" : "fresh")});
  rep.metrics = {{"cluster_converged", r.cluster_converged},
                 {"crashed", num(r.crashed)},
                 {"detected_all", r.detected_all},
                 {"first_dead_s", opt(r.first_dead_s)},
                 {"first_dead_min_s", opt(r.first_dead_min_s)},
                 {"all_dead_s", opt(r.all_dead_s)},
                 {"false_positives", num(r.false_positives)},
                 {"suspicion_min_s", r.suspicion_min_s},
                 {"suspicion_max_s", r.suspicion_max_s},
                 {"probe_interval_s", r.probe_interval_s}};
  if (p.restart) rep.metrics.push_back({"rejoin_s", opt(r.rejoin_s)});
  traffic_fields(rep);
  return rep;
}

Report make_report(const ScenarioParams& p, const StallResult& r) {
  Report rep = base("stall", p, r.run, r.traffic);
  rep.params.push_back({"stall", num(p.stall)});
  rep.params.push_back({"stall_time_s", p.stall_time_s});
  rep.params.push_back({"stall_every_s", p.stall_every_s});
  rep.params.push_back(
      {"stall_order",
       std::string(p.stall_order == StallOrder::timers_first ? "timers-first" : "queue-first")});
  rep.metrics = {{"cluster_converged", r.cluster_converged},
                 {"stalled_nodes", num(r.stalled_nodes)},
                 {"stalls", num(r.stalls)},
                 {"false_positives", num(r.false_positives)},
                 {"false_death_events", num(r.false_death_events)},
                 {"stalled_declared_dead", num(r.stalled_declared_dead)},
                 {"suspicions", num(r.suspicions)},
                 {"refutations", num(r.refutations)}};
  traffic_fields(rep);
  return rep;
}

Report make_report(const ScenarioParams& p, const PartitionResult& r) {
  Report rep = base("partition", p, r.run, r.traffic);
  rep.params.push_back({"groups", num(p.groups)});
  rep.params.push_back({"partition_time_s", p.partition_time_s});
  rep.metrics = {{"cluster_converged", r.cluster_converged},
                 {"groups", num(r.groups)},
                 {"deaths_during_partition", num(r.deaths_during_partition)},
                 {"healed", r.healed},
                 {"heal_s", opt(r.heal_s)}};
  traffic_fields(rep);
  return rep;
}

Report make_report(const ScenarioParams& p, const MassRestartResult& r) {
  Report rep = base("mass-restart", p, r.run, r.traffic);
  rep.params.push_back({"restart_fraction", p.restart_fraction});
  rep.params.push_back({"restart_window_s", p.restart_window_s});
  rep.params.push_back({"down_s", p.down_s});
  rep.metrics = {{"cluster_converged", r.cluster_converged},
                 {"restarted", num(r.restarted)},
                 {"converged", r.converged},
                 {"all_alive_s", opt(r.all_alive_s)},
                 {"stuck_pairs", num(r.stuck_pairs)},
                 {"stuck_observers", num(r.stuck_observers)},
                 {"death_declarations", num(r.death_declarations)},
                 {"refutations", num(r.refutations)}};
  traffic_fields(rep);
  return rep;
}

Report make_report(const ScenarioParams& p, const SteadyResult& r) {
  Report rep = base("steady", p, r.run, r.traffic);
  rep.metrics = {{"cluster_converged", r.cluster_converged},
                 {"false_positives", num(r.false_positives)}};
  traffic_fields(rep);
  return rep;
}

Report make_report(const ScenarioParams& p, const LeaveResult& r) {
  Report rep = base("leave", p, r.run, r.traffic);
  rep.params.push_back({"events_per_s", r.events_per_s});
  rep.params.push_back({"churn_per_s", r.churn_per_s});
  rep.params.push_back({"payload_bytes", num(p.payload_bytes)});
  rep.metrics = {{"cluster_converged", r.cluster_converged},
                 {"observers", num(r.observers)},
                 {"broadcast_timeout_s", r.broadcast_timeout_s},
                 {"leave_done_s", opt(r.leave_done_s)},
                 {"knew_at_shutdown", num(r.knew_at_shutdown)},
                 {"knew_at_shutdown_fraction", r.knew_at_shutdown_fraction},
                 {"all_left_s", opt(r.all_left_s)},
                 {"seen_left", num(r.seen_left)},
                 {"seen_failed", num(r.seen_failed)},
                 {"seen_alive", num(r.seen_alive)}};
  traffic_fields(rep);
  return rep;
}

Report make_report(const ScenarioParams& p, const IntentChurnResult& r) {
  Report rep = base("intent-churn", p, r.run, r.traffic);
  rep.params.push_back({"churn_per_s", r.churn_per_s});
  rep.params.push_back({"churn_time_s", r.churn_time_s});
  rep.params.push_back({"events_per_s", r.events_per_s});
  rep.metrics = {{"cluster_converged", r.cluster_converged},
                 {"departures", num(r.departures)},
                 {"arrivals", num(r.arrivals)},
                 {"queue_dropped", num(r.queue_dropped)},
                 {"intent_queue_max", num(r.intent_queue_max)},
                 {"intent_queue_mean", r.intent_queue_mean},
                 {"event_queue_max", num(r.event_queue_max)},
                 {"converged_after", r.converged_after},
                 {"converge_s", opt(r.converge_s)},
                 {"departed_seen_alive", num(r.departed_seen_alive)},
                 {"departed_seen_failed", num(r.departed_seen_failed)}};
  traffic_fields(rep);
  return rep;
}

nlohmann::ordered_json to_json(const Report& r) {
  nlohmann::ordered_json j;
  j["scenario"] = r.scenario;
  nlohmann::ordered_json params = nlohmann::ordered_json::object();
  for (const Field& f : r.params) params[f.key] = value_json(f.value);
  j["params"] = params;
  j["seed"] = nullptr;
  for (const Field& f : r.params)
    if (f.key == "seed") j["seed"] = value_json(f.value);
  j["trace_hash"] = r.run.trace_hash;
  for (const Field& f : r.metrics) j[f.key] = value_json(f.value);
  j["events"] = r.run.events;
  j["sim_s"] = r.run.sim_s;
  j["wall_s"] = r.run.wall_s;
  j["per_node"] = per_node_json(r);
  nlohmann::ordered_json by_type = nlohmann::ordered_json::object();
  for (const TypeTraffic& t : r.traffic.by_type)
    by_type[t.type] = {{"msgs_per_node_per_s", t.msgs_per_node_per_s},
                       {"bytes_per_node_per_s", t.bytes_per_node_per_s}};
  j["traffic"] = {{"window_s", r.traffic.window_s}, {"by_type", by_type}};
  if (r.steady)
    j["steady"] = {{"window_s", r.steady->window_s},
                   {"msgs_per_node_per_s", r.steady->msgs_per_node_per_s},
                   {"bytes_per_node_per_s", r.steady->bytes_per_node_per_s},
                   {"packets_per_node_per_s", r.steady->packets_per_node_per_s},
                   {"cpu_us_per_node_per_s", r.steady->cpu_us_per_node_per_s}};
  const NodeCounters& n = r.traffic.net;
  j["network"] = {{"packets_sent", n.packets_sent},
                  {"packet_bytes_sent", n.packet_bytes_sent},
                  {"packets_delivered", n.packets_delivered},
                  {"dropped_lost", n.dropped_lost},
                  {"dropped_partitioned", n.dropped_partitioned},
                  {"dropped_too_big", n.dropped_too_big},
                  {"dropped_down", n.dropped_down},
                  {"streams_opened", n.streams_opened},
                  {"stream_bytes_sent", n.stream_bytes_sent},
                  {"streams_failed", n.streams_failed},
                  {"stalled_inputs", n.stalled_inputs}};
  if (r.run.serf) j["serf"] = serf_json(*r.run.serf);
  return j;
}

std::string to_text(const Report& r) {
  std::ostringstream out;
  out << "scenario " << r.scenario << "\n  ";
  for (std::size_t i = 0; i < r.params.size(); ++i)
    out << (i ? "  " : "") << r.params[i].key << '=' << value_text(r.params[i].value);
  out << "\n\n";
  for (const Field& f : r.metrics) {
    char key[40];
    std::snprintf(key, sizeof key, "  %-26s", f.key.c_str());
    out << key << value_text(f.value) << '\n';
  }
  if (!r.traffic.by_type.empty()) {
    out << "\n  traffic by type over " << value_text(r.traffic.window_s)
        << " s (per node per s):\n";
    for (const TypeTraffic& t : r.traffic.by_type) {
      char line[96];
      std::snprintf(line, sizeof line, "    %-14s %10.3f msgs %12.1f bytes\n", t.type.c_str(),
                    t.msgs_per_node_per_s, t.bytes_per_node_per_s);
      out << line;
    }
  }
  const NodeCounters& n = r.traffic.net;
  out << "\n  network: " << n.packets_sent << " packets sent, " << n.dropped_lost << " lost, "
      << n.dropped_partitioned << " partitioned, " << n.dropped_too_big << " over MTU, "
      << n.dropped_down << " to down nodes; " << n.streams_opened << " streams ("
      << n.streams_failed << " failed)\n";
  const ConvergeModel m = serf_model(r);
  const Traffic& t = r.steady ? *r.steady : r.traffic;
  if (r.steady) out << "  steady state after the join, " << value_text(t.window_s) << " s:\n";
  char cost[320];
  std::snprintf(cost, sizeof cost,
                "  per node: %.1f us of CPU per simulated second (memberlist#243: 2-3 cores, "
                "2,500,000 us, at 2,500 nodes), %.0f bytes and %.2f packets per second; "
                "queued broadcasts max %zu, mean %.1f\n"
                "  Serf's convergence model at %zu nodes: 99.99%% in %.2f s\n",
                t.cpu_us_per_node_per_s, t.bytes_per_node_per_s, t.packets_per_node_per_s,
                r.run.queue_depth_max, r.run.queue_depth_mean, r.run.nodes, m.seconds_to(0.9999));
  out << cost;
  if (const auto& s = r.run.serf) {
    const SerfFigures& f = s->figures;
    char serf[400];
    std::snprintf(serf, sizeof serf,
                  "  serf: %llu user events sent, %llu deliveries (%llu repeated), p99 %s s; "
                  "%llu queries sent, %llu answered, %llu responses collected; queues max "
                  "intent %zu event %zu query %zu; %llu dropped\n",
                  static_cast<unsigned long long>(f.events_sent),
                  static_cast<unsigned long long>(f.event_deliveries),
                  static_cast<unsigned long long>(f.event_duplicates),
                  value_text(opt(s->event_latency_p99_s)).c_str(),
                  static_cast<unsigned long long>(f.queries_sent),
                  static_cast<unsigned long long>(f.queries_answered),
                  static_cast<unsigned long long>(f.query_responses), f.intent_queue.max,
                  f.event_queue.max, f.query_queue.max,
                  static_cast<unsigned long long>(s->pruned_broadcasts));
    out << serf;
  }
  out << "  trace_hash " << r.run.trace_hash << "  events " << r.run.events << "  sim "
      << value_text(r.run.sim_s) << " s  wall " << value_text(r.run.wall_s) << " s  cpu "
      << value_text(r.run.cpu_s) << " s  peak " << value_text(r.run.peak_rss_mib) << " MiB\n";
  return out.str();
}

}  // namespace rumor::sim
