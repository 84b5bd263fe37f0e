// Scenario parameters: one struct for every scenario (each reads the fields it needs),
// so the CLI, the tests and scripts describe experiments the same way. Durations are
// in simulated seconds; "0" means "the scenario's default" where noted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "core/config.hpp"
#include "serf/config.hpp"
#include "sim/engine.hpp"
#include "sim/network.hpp"

namespace rumor::sim {

// What each simulated node runs: a bare core::Node, or a serf::Serf on its core (user
// events instead of raw core broadcasts, leave intents, tags, Serf's queues).
enum class Layer : std::uint8_t { core, serf };

struct ScenarioParams {
  std::size_t nodes = 100;
  Layer layer = Layer::core;  // leave and intent-churn always run Serf
  std::uint64_t seed = 1;
  core::Profile profile = core::Profile::lan;
  // The measured phase: join/broadcast/failure/partition use it as a time limit, stall
  // and steady run for all of it. 0: the scenario's default.
  double duration_s = 0;

  // Network (latency defaults come from the profile).
  double loss = 0.0;
  std::optional<double> latency_ms, jitter_ms;
  std::optional<JitterKind> jitter;
  std::size_t mtu = 1500;

  // Protocol.
  bool lifeguard = true;
  std::optional<double> membership_share;  // Config::membership_share
  // memberlist's anti-entropy: Config::pulled_alive_transmits empty and
  // push_pull_while_learning off. Default: rumor's.
  bool memberlist_anti_entropy = false;
  std::optional<int> pulled_alive_transmits;  // Config's; default: the profile's
  // Config::gossip_interval and gossip_nodes (the fanout); default: the profile's.
  std::optional<double> gossip_interval_s;
  std::optional<int> gossip_nodes;
  // memberlist's AES-GCM on every packet and stream: one key from the seed, installed in
  // each node's own keyring, and each node's nonces from a generator the engine seeds, so
  // an encrypted run is a function of its seed too.
  bool encrypt = false;
  // Bytes of metadata each node advertises (Serf's tags; memberlist allows 512).
  std::size_t meta_bytes = 0;
  // Config::eager_gossip_interval: on sets it to the gossip interval, as the agent does;
  // default: the profile's (on only in lan-fast).
  std::optional<bool> eager_gossip;

  // Bootstrap: nodes start and join node 0 spread over this window, converging within
  // formation_limit_s (else the scenario reports cluster_converged false). Or, with
  // preconverged, every node starts knowing every other (as if restored from a snapshot
  // of the member list): steady-state scenarios at sizes where a join storm would take
  // hours.
  double join_window_s = 1.0;
  double formation_limit_s = 120.0;
  bool preconverged = false;

  // join: after every node sees every other, this many seconds of steady state, whose
  // traffic and cost are reported apart from the join's.
  double steady_s = 0;

  // mass-restart: this share of the nodes (never the seed) crash one after another over
  // restart_window_s, each coming back down_s later with a fresh incarnation.
  double restart_fraction = 0.5;
  double restart_window_s = 10.0;
  double down_s = 2.0;

  // failure
  std::size_t crash = 1;
  std::optional<RestartMode> restart;  // restart the crashed nodes once all declared them dead

  // stall
  std::size_t stall = 1;
  double stall_time_s = 10.0;
  double stall_every_s = 30.0;
  StallOrder stall_order = StallOrder::queue_first;

  // partition
  double partition_time_s = 60.0;
  std::size_t groups = 2;

  // broadcast, leave: background membership updates (update_meta) per second.
  // intent-churn: departures per second, each matched by a new node joining.
  double churn_per_s = 0.0;
  std::size_t payload_bytes = 32;

  // leave, intent-churn: background user events per second from random live nodes
  // (default: the scenario's), the broadcasts a busy cluster carries.
  std::optional<double> events_per_s;
  // intent-churn: seconds of churn; the cluster then has duration_s to converge.
  double churn_time_s = 60.0;

  // Observation only (a terminal's progress line): not part of the experiment.
  Progress progress;
};

// What ScenarioParams mean for the protocol and the network.
core::Config make_config(const ScenarioParams& p);
// The Serf configuration of a --layer serf run: Serf's defaults on `memberlist`.
serf::Config make_serf_config(const core::Config& memberlist);
EngineOptions make_engine_options(const ScenarioParams& p);

}  // namespace rumor::sim
