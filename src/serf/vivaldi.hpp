// The Vivaldi client that moves our coordinate (coordinate.hpp) as probes come back, as
// Serf's coordinate.Client does. Private to the serf library: a user reads coordinates
// (net::SerfCluster::coordinate), only Serf updates them.
//
// Pure: the randomness Go draws from math/rand (a direction when two coordinates
// coincide) comes from a seeded core::Rng, so runs repeat.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/rng.hpp"
#include "core/time.hpp"
#include "serf/coordinate.hpp"

namespace rumor::serf {

class VivaldiClient {
 public:
  VivaldiClient(CoordinateConfig cfg, std::uint64_t seed);

  const Coordinate& coordinate() const noexcept { return coord_; }
  const CoordinateConfig& config() const noexcept { return cfg_; }

  // One observation: `node`, at `other`, answered our ping after `rtt`. False, and
  // nothing changes, for a coordinate of other dimensions or with NaN/infinity in it,
  // or an RTT outside [0, 10 s] (as Go refuses them).
  bool update(std::string_view node, const Coordinate& other, core::Duration rtt);
  // Drops the RTT samples kept for `node` (it left the cluster).
  void forget(std::string_view node);
  std::size_t nodes_sampled() const noexcept { return samples_.size(); }
  // Times an update left an invalid coordinate and we started over at the origin.
  std::uint64_t resets() const noexcept { return resets_; }

 private:
  double latency_filter(std::string_view node, double rtt_s);
  void update_vivaldi(const Coordinate& other, double rtt_s);
  void update_adjustment(const Coordinate& other, double rtt_s);
  void update_gravity();
  void apply_force(double force, const Coordinate& other);

  CoordinateConfig cfg_;
  core::Rng rng_;
  Coordinate coord_, origin_;
  std::vector<double> adjustment_samples_;
  std::size_t adjustment_index_ = 0;
  std::map<std::string, std::vector<double>, std::less<>> samples_;  // oldest first
  std::uint64_t resets_ = 0;
};

}  // namespace rumor::serf
