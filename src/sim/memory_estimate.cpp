#include "sim/memory_estimate.hpp"

namespace rumor::sim {

MemoryEstimate estimate_memory(const ScenarioParams& p, bool joins, bool restarts) {
  MemoryEstimate m;
  m.nodes = p.nodes;
  m.base_bytes = 40ull << 20;
  // Serf's tags live once per member in the shared identities, not per pair.
  m.per_node_bytes = (12ull << 10) + p.meta_bytes;
  // 21 bytes per pair converged (measured 20.9 between 3,000 and 6,000 preconverged
  // nodes); a join storm peaks near twice that.
  m.per_pair_bytes = joins ? 40 : 22;
  // Measured: 2,649 MiB at 4,500 nodes, 90% restarting (about 130 bytes per pair).
  // Serf on every node keeps its own member map beside the core's (measured: 3.2 GiB
  // at 3,600 preconverged Serf nodes, about 265 bytes per pair).
  if (p.layer == Layer::serf) m.per_pair_bytes += 280;
  if (restarts) m.per_pair_bytes += static_cast<std::uint64_t>(130 * p.restart_fraction);
  return m;
}

}  // namespace rumor::sim
