// The nodes of one run: which have crashed (chosen at the start and never back), and the
// live node where the update or the aggregation starts. Flat arrays, O(n) bytes.
#pragma once

#include <cstdint>
#include <vector>

#include "lab/random.hpp"

namespace rumor::lab {

// How many of n nodes a failed fraction crashes (rounded to the nearest node).
std::uint32_t failed_count(std::uint32_t n, double failed);

class Population {
 public:
  // Crashes failed_count(n, failed) nodes chosen uniformly, then picks the origin
  // uniformly among the live ones. Requires at least one live node.
  Population(std::uint32_t n, double failed, Rng& rng);

  std::uint32_t size() const { return static_cast<std::uint32_t>(crashed_.size()); }
  std::uint32_t live_count() const { return static_cast<std::uint32_t>(live_.size()); }
  bool live(std::uint32_t i) const { return crashed_[i] == 0; }
  std::uint32_t origin() const { return origin_; }
  // The live nodes in ascending order.
  const std::vector<std::uint32_t>& live_nodes() const { return live_; }

 private:
  std::vector<std::uint8_t> crashed_;
  std::vector<std::uint32_t> live_;
  std::uint32_t origin_ = 0;
};

}  // namespace rumor::lab
