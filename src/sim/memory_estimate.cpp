#include "sim/memory_estimate.hpp"

namespace rumor::sim {

MemoryEstimate estimate_memory(const ScenarioParams& p, bool joins, bool restarts) {
  MemoryEstimate m;
  m.nodes = p.nodes;
  m.base_bytes = 40ull << 20;
  // Serf's tags live once per member in the shared identities, not per pair.
  m.per_node_bytes = (12ull << 10) + p.meta_bytes;
  // Serf's event and query rings (512 slots each, 40 KiB a node measured between 1,000
  // and 2,000 preconverged nodes) are allocated on a node's first user event or query.
  // Counted always: one broadcast or query reaches every node.
  if (p.layer == Layer::serf) m.per_node_bytes += 40ull << 10;
  // 21 bytes per pair converged (measured 20.9 between 3,000 and 6,000 preconverged
  // nodes); a join storm peaks near twice that.
  m.per_pair_bytes = joins ? 40 : 22;
  // Serf's record of each member beside the core's (serf/member_store.hpp), 16 bytes:
  // measured 38-40 bytes per pair in all between 1,000, 2,000 and 4,000 preconverged
  // steady Serf nodes (core alone 22), and 51 between 2,000 and 4,000 intent-churn nodes,
  // of which the rings' growth is about 7.
  if (p.layer == Layer::serf) m.per_pair_bytes += 24;
  // Measured: 2,649 MiB at 4,500 nodes, 90% restarting (about 130 bytes per pair).
  if (restarts) m.per_pair_bytes += static_cast<std::uint64_t>(130 * p.restart_fraction);
  return m;
}

}  // namespace rumor::sim
