// Partial views: each node knows only `size` peers, drawn uniformly without replacement
// among the other n - 1 at the start and fixed for the run, and picks its partners from
// them (as in peer-sampling gossip, where no node holds the full membership). Size 0
// means full views: everyone knows everyone, and nothing is drawn or stored.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "lab/random.hpp"

namespace rumor::lab {

class PartialViews {
 public:
  // Draws every node's view from `rng` (nothing when size is 0).
  PartialViews(std::uint32_t n, std::uint32_t size, Rng& rng);

  bool full() const { return size_ == 0; }
  std::uint32_t size() const { return size_; }
  // The peers node x knows (empty with full views).
  std::span<const std::uint32_t> of(std::uint32_t x) const {
    return {peers_.data() + static_cast<std::size_t>(x) * size_, size_};
  }
  // A partner for x: uniform among its view, or among all others with full views.
  std::uint32_t pick(std::uint32_t x, Rng& rng) const {
    if (size_ == 0) return other_node(rng, x, n_);
    return peers_[static_cast<std::size_t>(x) * size_ + rng.below(size_)];
  }

 private:
  std::uint32_t n_, size_;
  std::vector<std::uint32_t> peers_;  // n rows of size_ entries
};

}  // namespace rumor::lab
