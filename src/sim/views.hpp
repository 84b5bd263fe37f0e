// MembershipViews: who believes whom alive, kept incrementally from the member events
// each node's delegate reports, so "does every live node see every live node?" is an
// O(1) question even at thousands of nodes (it is asked after every event while a
// scenario waits for convergence).
//
// One bit per (observer, subject); memory is N^2 / 8 bytes (125 KB at 1,000 nodes).
// "Live" is the engine's ground truth (started and not crashed), not anyone's opinion.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/time.hpp"
#include "sim/addressing.hpp"

namespace rumor::sim {

// A node concluded that another is dead (not: left gracefully).
struct DeathRecord {
  core::Time at{0};
  NodeId observer = kNoNode;
  NodeId subject = kNoNode;
};

class MembershipViews {
 public:
  void resize(std::size_t nodes);
  std::size_t size() const noexcept { return live_.size(); }

  // Opinions (from delegates).
  void set_alive(NodeId observer, NodeId subject, bool alive);
  bool sees_alive(NodeId observer, NodeId subject) const noexcept;
  // A (re)started node knows only itself.
  void reset_observer(NodeId observer);
  void record_death(core::Time at, NodeId observer, NodeId subject) {
    deaths_.push_back({at, observer, subject});
  }
  const std::vector<DeathRecord>& deaths() const noexcept { return deaths_; }

  // Ground truth (from the engine).
  void set_live(NodeId n, bool live);
  bool live(NodeId n) const noexcept { return live_[n] != 0; }
  std::size_t live_count() const noexcept { return live_total_; }

  // Live subjects this observer believes alive.
  std::size_t live_seen(NodeId observer) const noexcept { return live_seen_[observer]; }
  // Sum of live_seen over live observers: O(N), for sampled charts, not per event.
  std::uint64_t live_seen_total() const noexcept;
  // Every live node sees every live node alive (and at least one node is live).
  bool converged() const noexcept { return live_total_ > 0 && full_ == live_total_; }
  // Live observers with a complete view of the live set.
  std::size_t complete_observers() const noexcept { return full_; }

 private:
  bool full(NodeId o) const noexcept { return live_[o] && live_seen_[o] == live_total_; }
  void recount_full();

  std::size_t words_ = 0;  // 64-bit words per observer row
  std::vector<std::uint64_t> bits_;
  std::vector<std::uint8_t> live_;
  std::vector<std::uint32_t> live_seen_;
  std::size_t live_total_ = 0;
  std::size_t full_ = 0;
  std::vector<DeathRecord> deaths_;
};

}  // namespace rumor::sim
