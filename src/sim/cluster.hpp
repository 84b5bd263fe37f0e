// Building blocks the scenarios share: bring a cluster up through one seed, let its
// membership news drain, measure traffic over a window, and fill in RunInfo.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include "core/config.hpp"
#include "core/stats.hpp"
#include "sim/engine.hpp"
#include "sim/metrics.hpp"
#include "sim/scenario.hpp"

namespace rumor::sim {

inline core::Time at_seconds(double s) {
  return core::Time(static_cast<std::int64_t>(s * 1e6));
}
inline double seconds(core::Duration d) {
  return static_cast<double>(d.count()) / 1e6;
}

// Adds `n` nodes with `cfg`; node 0 starts at now(), the others start and join node 0
// spread evenly over `window`. Runs until every node sees all n alive or until `limit`;
// returns the time of convergence. `observe` (optional) is called after every event, to
// sample the run without scheduling anything.
std::optional<core::Time> bootstrap(Engine& e, const core::Config& cfg, std::size_t n,
                                    core::Duration window, core::Time limit,
                                    const std::function<void()>& observe = {});

// Adds n nodes running `layer` on `cfg` (Serf's defaults on it for Layer::serf).
void add_nodes(Engine& e, Layer layer, const core::Config& cfg, std::size_t n);
// As bootstrap, for nodes 0..n-1 already added (Serf nodes, say).
std::optional<core::Time> join_through_first(Engine& e, std::size_t n, core::Duration window,
                                             core::Time limit,
                                             const std::function<void()>& observe = {});

// Background user events: from `e.now()` until `until`, `per_s` a second from random
// live nodes (core broadcasts on core nodes, user events on Serf nodes).
void schedule_user_events(Engine& e, double per_s, std::size_t payload_bytes, core::Time until);
// Background membership churn: from `e.now()` until `until`, `per_s` a second a random
// node re-announces itself (new metadata, new incarnation; a Serf node new tags), so
// every node always has membership news queued.
void schedule_meta_churn(Engine& e, double per_s, core::Time until);

// Runs until no node has membership news left to retransmit (checked every second) or
// until `limit`, so a measurement starts from a quiet cluster.
void settle(Engine& e, core::Time limit);

// The cluster a scenario measures: p.nodes nodes that all see each other alive, then
// quiet. Either joined through node 0 (bootstrap: up to formation_limit_s, then settled
// for up to 60 s) or, with p.preconverged, started knowing each other. With p.layer serf
// the nodes run Serf on `cfg`. False if the join did not converge.
bool form_cluster(Engine& e, const ScenarioParams& p, const core::Config& cfg);

// Wall-clock and CPU time of a run (reported, never used by the simulation).
class Stopwatch {
 public:
  Stopwatch() : t0_(std::chrono::steady_clock::now()), cpu0_(cpu_now()) {}
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
  }
  double cpu_seconds() const { return cpu_now() - cpu0_; }

 private:
  static double cpu_now();
  std::chrono::steady_clock::time_point t0_;
  double cpu0_;
};

// Traffic over a window: snapshot at start, difference at finish.
class TrafficMeter {
 public:
  explicit TrafficMeter(const Engine& e)
      : e_(e), start_(e.now()), stats_(e.total_stats()), net_(e.total_counters()) {}
  Traffic finish() const;

 private:
  const Engine& e_;
  Stopwatch cpu_;
  core::Time start_;
  core::Stats stats_;
  NodeCounters net_;
};

RunInfo run_info(const Engine& e, const Stopwatch& sw);
SerfRun serf_run(const Engine& e);

// The time by which a fraction q of `total` nodes had something, from the sorted times
// of those that did; absent if too few did.
std::optional<double> time_to_fraction(const std::vector<double>& sorted, std::size_t total,
                                       double q);

// k distinct nodes other than node 0 (the seed), drawn with the engine's generator.
std::vector<NodeId> pick_nodes(Engine& e, std::size_t k);
// Distinct subjects not `excluded` that anyone declared dead at or after `since`;
// `events` (optional) receives the number of such declarations.
std::size_t count_false_positives(const MembershipViews& v, const std::vector<bool>& excluded,
                                  core::Time since, std::size_t* events);

}  // namespace rumor::sim
