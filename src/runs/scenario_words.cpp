#include "runs/scenario_words.hpp"

#include <algorithm>

#include "sim/addressing.hpp"
#include "sim/report.hpp"
#include "sim/scenarios.hpp"

namespace rumor::runs {
namespace {

// The words, parsed into p; the messages are the ones `rumor sim` has always printed.
std::string parse_words(std::string_view scenario, const ScenarioWords& w, sim::ScenarioParams& p) {
  const bool serf_only = scenario == "leave" || scenario == "intent-churn";
  if (w.nodes)
    p.nodes = *w.nodes;
  else if (scenario == "leave")
    p.nodes = 500;
  else if (scenario == "intent-churn")
    p.nodes = 300;
  if (!w.layer.empty() && w.layer != "core" && w.layer != "serf")
    return "--layer: expected core or serf, got '" + w.layer + "'";
  if (serf_only && w.layer == "core")
    return "--layer: the " + std::string(scenario) + " scenario runs Serf";
  p.layer = serf_only || w.layer == "serf" ? sim::Layer::serf : sim::Layer::core;
  if (!w.eager_gossip.empty()) {
    if (w.eager_gossip != "on" && w.eager_gossip != "off")
      return "--eager-gossip: expected on or off, got '" + w.eager_gossip + "'";
    p.eager_gossip = w.eager_gossip == "on";
  }
  const auto profile = core::parse_profile(w.profile);
  if (!profile) return "--profile: expected lan, wan, local or lan-fast, got '" + w.profile + "'";
  p.profile = *profile;
  if (w.lifeguard != "on" && w.lifeguard != "off")
    return "--lifeguard: expected on or off, got '" + w.lifeguard + "'";
  p.lifeguard = w.lifeguard == "on";
  if (!w.jitter.empty()) {
    const auto k = sim::parse_jitter(w.jitter);
    if (!k) return "--jitter: expected none, uniform or exponential, got '" + w.jitter + "'";
    p.jitter = *k;
  }
  if (!w.restart.empty()) {
    if (w.restart != "fresh" && w.restart != "keep")
      return "--restart: expected fresh or keep, got '" + w.restart + "'";
    p.restart = w.restart == "keep" ? sim::RestartMode::keep : sim::RestartMode::fresh;
  }
  if (w.stall_order != "queue-first" && w.stall_order != "timers-first")
    return "--stall-order: expected queue-first or timers-first, got '" + w.stall_order + "'";
  p.stall_order = w.stall_order == "timers-first" ? sim::StallOrder::timers_first
                                                  : sim::StallOrder::queue_first;
  if (w.latency_ms) {
    if (!(*w.latency_ms >= 0)) return "--latency-ms: must not be negative";
    p.latency_ms = w.latency_ms;
  }
  if (w.jitter_ms) {
    if (!(*w.jitter_ms >= 0)) return "--jitter-ms: must not be negative";
    p.jitter_ms = w.jitter_ms;
  }
  if (w.membership_share) {
    if (!(*w.membership_share >= 0 && *w.membership_share <= 1))
      return "--membership-share: must be in [0, 1]";
    p.membership_share = w.membership_share;
  }
  return {};
}

// The ranges `rumor sim`'s flag parser enforces by type, for callers that have none.
std::string check_ranges(const sim::ScenarioParams& p) {
  if (!(p.duration_s >= 0)) return "--duration: must not be negative";
  if (!(p.loss >= 0 && p.loss <= 1)) return "--loss: must be in [0, 1]";
  if (p.mtu < 64 || p.mtu > 65507) return "--mtu: must be in [64, 65507]";
  if (!(p.join_window_s >= 0)) return "--join-window: must not be negative";
  if (!(p.stall_time_s > 0)) return "--stall-time: must be positive";
  if (!(p.stall_every_s > 0)) return "--stall-every: must be positive";
  if (!(p.partition_time_s >= 0)) return "--partition-time: must not be negative";
  if (!(p.churn_per_s >= 0)) return "--churn: must not be negative";
  if (p.payload_bytes < 12 || p.payload_bytes > 1200)
    return "--payload-bytes: must be in [12, 1200]";
  // Serf's own limit: name ("sim-event") + payload within user_event_size_limit (512).
  if (p.layer == sim::Layer::serf && p.payload_bytes > 480)
    return "--payload-bytes: at most 480 with --layer serf (Serf's user event limit)";
  if (!(p.churn_time_s > 0)) return "--churn-time: must be positive";
  if (!(p.restart_fraction > 0 && p.restart_fraction <= 1))
    return "--restart-fraction: must be in (0, 1]";
  if (!(p.restart_window_s >= 0)) return "--restart-window: must not be negative";
  if (!(p.down_s >= 0)) return "--down-time: must not be negative";
  if (!(p.steady_s >= 0)) return "--steady: must not be negative";
  if (p.meta_bytes > 512) return "--meta-bytes: must be in [0, 512]";
  if (p.pulled_alive_transmits && (*p.pulled_alive_transmits < 0 || *p.pulled_alive_transmits > 63))
    return "--pulled-alive-transmits: must be in [0, 63]";
  if (p.events_per_s && !(*p.events_per_s >= 0)) return "--events-per-s: must not be negative";
  return {};
}

}  // namespace

bool is_scenario(std::string_view name) {
  return std::find(kScenarios.begin(), kScenarios.end(), name) != kScenarios.end();
}

std::string apply(std::string_view scenario, const ScenarioWords& w, sim::ScenarioParams& p) {
  if (!is_scenario(scenario)) return "unknown scenario '" + std::string(scenario) + "'";
  if (auto err = parse_words(scenario, w, p); !err.empty()) return err;
  if (auto err = check_ranges(p); !err.empty()) return err;
  if (p.nodes < 1) return "--nodes: must be at least 1";
  if (p.nodes > sim::kMaxNodes) return "--nodes: at most " + std::to_string(sim::kMaxNodes);
  if (scenario != "join" && p.nodes < 2) return "--nodes: this scenario needs at least 2";
  if (scenario == "join" && p.preconverged)
    return "--preconverged: the join scenario measures the join itself";
  if (!(p.formation_limit_s > 0)) return "--formation-limit: must be positive";
  // Each scenario's own parameters, checked where they are used (a join of one node
  // is fine whatever --crash says).
  if (scenario == "failure" && p.crash >= p.nodes) return "--crash: must be less than --nodes";
  if (scenario == "stall" && p.stall >= p.nodes) return "--stall: must be less than --nodes";
  if (scenario == "partition" && (p.groups < 1 || p.groups > p.nodes))
    return "--groups: must be in [1, nodes]";
  if (scenario == "stall" && p.stall_every_s < p.stall_time_s)
    return "--stall-every: must be at least --stall-time";
  if (scenario != "join" && p.steady_s > 0) return "--steady: only the join scenario has it";
  return {};
}

nlohmann::ordered_json run_scenario_json(std::string_view s, const sim::ScenarioParams& p) {
  if (s == "join") return sim::to_json(sim::make_report(p, sim::run_join(p)));
  if (s == "broadcast") return sim::to_json(sim::make_report(p, sim::run_broadcast(p)));
  if (s == "failure") return sim::to_json(sim::make_report(p, sim::run_failure(p)));
  if (s == "stall") return sim::to_json(sim::make_report(p, sim::run_stall(p)));
  if (s == "partition") return sim::to_json(sim::make_report(p, sim::run_partition(p)));
  if (s == "mass-restart") return sim::to_json(sim::make_report(p, sim::run_mass_restart(p)));
  if (s == "leave") return sim::to_json(sim::make_report(p, sim::run_leave(p)));
  if (s == "intent-churn") return sim::to_json(sim::make_report(p, sim::run_intent_churn(p)));
  return sim::to_json(sim::make_report(p, sim::run_steady(p)));
}

}  // namespace rumor::runs
