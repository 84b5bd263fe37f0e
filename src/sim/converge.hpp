// `rumor sim converge`: Serf's convergence model beside the real protocol. Each seed
// runs one cluster in the simulator: bootstrap and settle, crash a fraction of the nodes,
// then one user broadcast from a live node; we record when each live node first has it.
// Across seeds we report the fraction of live nodes reached over time (mean and a
// 5th-95th percentile band) and the time to 50 / 90 / 99 / 99.99 %, next to the model's.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/converge_model.hpp"
#include "sim/scenario.hpp"

namespace rumor::sim {

struct ConvergeParams {
  ScenarioParams base;  // nodes, seed (the first), profile, network; gossip overrides
  double failed = 0;    // fraction of nodes crashed just before the broadcast
  std::size_t seeds = 10;
  unsigned threads = 0;  // 0: one per core
};

// The fractions the report times (of the live nodes).
inline constexpr std::array<double, 4> kConvergeTargets = {0.5, 0.9, 0.99, 0.9999};

// One seed's run.
struct ConvergeRun {
  std::uint64_t seed = 0;
  std::string trace_hash;
  bool cluster_converged = false;
  std::size_t live_nodes = 0, reached = 0;  // reached: live nodes that have it
  std::vector<double> receipts_s;           // sorted first-receipt times of live nodes
  std::array<std::optional<double>, kConvergeTargets.size()> time_to_s;
  double bytes_per_node_per_s = 0;  // sent per live node from the broadcast to the end
  double wall_s = 0;
};

// A spread across seeds; absent where fewer than all seeds reached the target.
struct Spread {
  double mean = 0, p5 = 0, p95 = 0;
  std::size_t count = 0;  // seeds that contributed
};

struct ConvergeResult {
  ConvergeParams params;
  ConvergeModel model;  // the parameters the simulator actually ran with
  std::size_t crashed = 0;
  std::vector<ConvergeRun> runs;  // in seed order
  // The measured curve on a grid of rounds: fraction of live nodes reached.
  std::vector<double> rounds, mean, p5, p95;
  std::array<Spread, kConvergeTargets.size()> time_to_s;  // over seeds that got there
  Spread bytes_per_node_per_s;
  double wall_s = 0;
};

// Runs every seed (params.threads at a time; each seed's run is deterministic and the
// result does not depend on the thread count).
ConvergeResult run_converge(const ConvergeParams& p);
// One seed (exposed for tests).
ConvergeRun run_converge_seed(const ConvergeParams& p, std::uint64_t seed);

// The fraction of `live` nodes reached by `t` seconds, from sorted receipt times.
double fraction_reached(const std::vector<double>& receipts_s, std::size_t live, double t);

}  // namespace rumor::sim
