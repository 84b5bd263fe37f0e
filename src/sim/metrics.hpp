// The figures each scenario produces. Units are in the names (_s seconds, _per_s per
// simulated second); optional values are absent when the event never happened (a
// broadcast that never reached everyone has no all_s).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/engine.hpp"
#include "sim/time_series.hpp"

namespace rumor::sim {

// The Serf layer of a run with Serf nodes (Engine::serf_figures), and how long the
// tracked user events took to reach each node.
struct SerfRun {
  SerfFigures figures;
  std::uint64_t pruned_broadcasts = 0;  // dropped by Serf's queue depth check
  // Over every (event, node that got it) pair, the origin excluded: seconds from send.
  std::optional<double> event_latency_p50_s, event_latency_p90_s, event_latency_p99_s,
      event_latency_max_s;
};

// Run bookkeeping shared by every scenario. The host figures (wall, CPU, memory) are
// measurements of this run on this machine: not deterministic, not hashed.
struct RunInfo {
  std::string trace_hash;  // hex; same params + seed => same hash
  std::uint64_t events = 0;
  std::size_t nodes = 0;
  double sim_s = 0;   // simulated time at the end of the run
  double wall_s = 0;  // host time the run took
  double cpu_s = 0;   // host CPU time the run took
  double peak_rss_mib = 0;
  // Queued broadcasts per live node (membership and user news), sampled every
  // simulated second: the largest seen and the mean over all samples.
  std::size_t queue_depth_max = 0;
  double queue_depth_mean = 0;
  std::optional<SerfRun> serf;  // runs with Serf nodes only
};

struct TypeTraffic {
  std::string type;  // codec::MessageType name
  double msgs_per_node_per_s = 0;
  double bytes_per_node_per_s = 0;
};

// Traffic sent during a measured window, per node. Messages by type come from the
// core's counters (plain messages, piggybacked ones included); bytes are what the engine
// carried (UDP payloads + stream bytes), which is what a network would see.
struct Traffic {
  double window_s = 0;
  std::size_t nodes = 0;
  double msgs_per_node = 0, bytes_per_node = 0;
  double msgs_per_node_per_s = 0, bytes_per_node_per_s = 0;
  double packets_per_node_per_s = 0;
  // Host CPU microseconds spent simulating the window, per node per simulated second:
  // what the protocol costs a node (the engine's share included; not deterministic).
  double cpu_us_per_node_per_s = 0;
  std::vector<TypeTraffic> by_type;  // only types that were sent
  NodeCounters net;                  // the engine's counters over the window, all nodes
};

struct JoinResult {
  RunInfo run;
  bool converged = false;
  std::optional<double> all_alive_s;  // from node 0's start until every node sees N alive
  Traffic traffic;                    // from the start until convergence (or the limit)
  // From node 0's start, sampled: members each node sees alive (mean, as a fraction of
  // the cluster) and the fraction of nodes whose view is complete.
  TimeSeries members_known, complete_views;
  // With steady_s: the steady state after convergence.
  std::optional<Traffic> steady;
  std::size_t steady_false_positives = 0;
};

struct BroadcastResult {
  RunInfo run;
  bool cluster_converged = false;  // the bootstrap before the broadcast
  std::size_t reached = 0;         // nodes that got it, origin included
  std::size_t live_nodes = 0;
  std::optional<double> p50_s, p90_s, p99_s, all_s;
  std::optional<double> rounds_p50, rounds_p90, rounds_p99, rounds_all;
  double gossip_interval_s = 0;
  Traffic traffic;              // from the broadcast until it reached everyone (or the limit)
  TimeSeries reached_fraction;  // of live nodes, from the broadcast
};

struct FailureResult {
  RunInfo run;
  bool cluster_converged = false;
  std::size_t crashed = 0;
  bool detected_all = false;               // every healthy node declared every crashed one dead
  std::optional<double> first_dead_s;      // max over crashed nodes: first declaration
  std::optional<double> all_dead_s;        // max over crashed nodes: last healthy node's
  std::optional<double> first_dead_min_s;  // min over crashed nodes: first declaration
  std::size_t false_positives = 0;         // healthy nodes anyone declared dead
  double suspicion_min_s = 0, suspicion_max_s = 0, probe_interval_s = 0;
  std::optional<double> rejoin_s;  // with restart: until all see them alive again
  Traffic traffic;
  // From the crash: healthy nodes that have declared a crashed node dead, as a fraction
  // of the healthy ones (mean over crashed nodes).
  TimeSeries declared_dead;
};

struct StallResult {
  RunInfo run;
  bool cluster_converged = false;
  std::size_t stalled_nodes = 0;
  std::size_t stalls = 0;                 // stall episodes
  std::size_t false_positives = 0;        // never-stalled nodes declared dead by anyone
  std::size_t false_death_events = 0;     // (observer, never-stalled subject) declarations
  std::size_t stalled_declared_dead = 0;  // stalled nodes declared dead by anyone
  std::uint64_t suspicions = 0, refutations = 0;
  Traffic traffic;
  // From the first stall window's start, cumulative: suspicions raised (sampled) and
  // false death declarations of never-stalled nodes.
  TimeSeries suspicions_over_time, false_deaths_over_time;
};

struct PartitionResult {
  RunInfo run;
  bool cluster_converged = false;
  std::size_t groups = 0;
  double partition_s = 0;
  std::size_t deaths_during_partition = 0;  // declarations across the cut
  bool healed = false;
  std::optional<double> heal_s;  // from the heal until every live node sees all alive
  Traffic traffic;
  // From the cut (the heal is at partition_s), sampled: members each live node sees
  // alive (mean, as a fraction of the live ones), and nodes whose view is complete.
  TimeSeries members_seen, complete_views;
};

struct MassRestartResult {
  RunInfo run;
  bool cluster_converged = false;
  std::size_t restarted = 0;
  bool converged = false;             // every live node sees every live node alive again
  std::optional<double> all_alive_s;  // from the first crash
  // At the end: (live observer, live subject) pairs where the observer does not see
  // the subject alive (memberlist#311's "stuck dead"), and observers with such a pair.
  std::uint64_t stuck_pairs = 0;
  std::size_t stuck_observers = 0;
  std::size_t death_declarations = 0;  // of restarted nodes while they were down or back
  std::uint64_t refutations = 0;       // alive messages nodes sent to refute news of them
  Traffic traffic;
  // From the first crash: members each live node sees alive (mean, fraction of the live).
  TimeSeries members_seen;
};

struct SteadyResult {
  RunInfo run;
  bool cluster_converged = false;
  std::size_t false_positives = 0;  // nodes anyone declared dead during the window
  Traffic traffic;                  // over the whole window
  TimeSeries bytes_per_node_per_s;  // sampled every second
};

// consul#8435: one node leaves gracefully while the cluster carries other broadcasts.
// Observers are the live nodes other than the leaver.
struct LeaveResult {
  RunInfo run;
  bool cluster_converged = false;
  std::size_t observers = 0;
  double events_per_s = 0;
  double churn_per_s = 0;              // membership updates a second (schedule_meta_churn)
  double broadcast_timeout_s = 0;      // how long Serf waits for its leave intent to go out
  std::optional<double> leave_done_s;  // from leave() until the node stopped (Serf's on_left)
  // When it stopped: observers that had heard of the leave (leaving or left).
  std::size_t knew_at_shutdown = 0;
  double knew_at_shutdown_fraction = 0;
  std::optional<double> all_left_s;  // until every observer has it as left
  // At the end: observers that have it as left, as failed, or still alive/leaving.
  std::size_t seen_left = 0, seen_failed = 0, seen_alive = 0;
  Traffic traffic;  // from the leave to the end
  // From the leave: observers that have it left (and that know of the leave at all).
  TimeSeries seen_left_fraction, knew_fraction;
};

// consul#7960, #9927: steady departures and arrivals; Serf's queues while it lasts, and
// whether the cluster agrees again once it stops.
struct IntentChurnResult {
  RunInfo run;
  bool cluster_converged = false;
  double churn_per_s = 0, churn_time_s = 0, events_per_s = 0;
  std::size_t departures = 0, arrivals = 0;
  std::uint64_t queue_dropped = 0;  // Serf's queue depth check, all queues and nodes
  std::size_t intent_queue_max = 0, event_queue_max = 0;  // over nodes, during the run
  double intent_queue_mean = 0;                           // over nodes and samples
  bool converged_after = false;      // every live node sees every live one alive, every
                                     // departed one not alive
  std::optional<double> converge_s;  // from the end of churn
  // At the end, (live observer, departed node) pairs where the observer has it alive or
  // leaving, and where it has it failed rather than left.
  std::size_t departed_seen_alive = 0, departed_seen_failed = 0;
  Traffic traffic;  // from the start of churn to the end
  // From the start of churn, every second: intent queue depth (max and mean over live
  // nodes) and event queue depth (mean).
  TimeSeries intent_queue_max_series, intent_queue_mean_series, event_queue_mean_series;
};

}  // namespace rumor::sim
