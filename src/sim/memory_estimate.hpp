// What a run will need in memory, estimated before it starts, so that a size that cannot
// fit is refused at once instead of being killed by the kernel halfway. The figures are
// fitted to measured peaks (docs/performance.md, "memory per pair") and err high.
#pragma once

#include <cstdint>

#include "sim/scenario.hpp"

namespace rumor::sim {

struct MemoryEstimate {
  std::uint64_t base_bytes = 0;      // the process, the binary, the engine's fixed parts
  std::uint64_t per_node_bytes = 0;  // each node's own state (queues, timers, buffers)
  std::uint64_t per_pair_bytes = 0;  // what one node keeps about one member, peak
  std::uint64_t nodes = 0;
  std::uint64_t total() const noexcept {
    return base_bytes + nodes * per_node_bytes + nodes * nodes * per_pair_bytes;
  }
};

// `joins`: the cluster forms through a join storm (every scenario without
// --preconverged), whose push/pull payloads and news in flight peak well above the
// converged state.
// `restarts`: the mass-restart scenario, where every node suspects and buries most of
// the restarted ones at once, so the side state of suspicions is not rare any more.
MemoryEstimate estimate_memory(const ScenarioParams& p, bool joins, bool restarts = false);

}  // namespace rumor::sim
