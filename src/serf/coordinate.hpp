// Vivaldi network coordinates as Serf keeps them (hashicorp/serf, package coordinate):
// every node places itself in an 8-dimensional space plus a "height" (its access link)
// so that the distance between two nodes' coordinates estimates their round-trip time.
// Each direct probe that comes back moves our coordinate a little towards agreeing with
// the measured RTT; peers learn our coordinate from our acks (ping_payload.hpp).
//
// Pure: the randomness Go draws from math/rand (a direction when two coordinates
// coincide) comes from a seeded core::Rng, so runs repeat. Distances are in seconds and
// truncated to whole nanoseconds, as Go's time.Duration truncates them, so that `rumor
// rtt` prints what `serf rtt` prints for the same coordinates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/rng.hpp"
#include "core/time.hpp"

namespace rumor::serf {

// Serf's coordinate.DefaultConfig().
struct CoordinateConfig {
  std::size_t dimensionality = 8;
  double vivaldi_error_max = 1.5;           // the error of a node that has observed nothing
  double vivaldi_ce = 0.25;                 // how far one observation moves the error estimate
  double vivaldi_cc = 0.25;                 // how far one observation moves the coordinate
  std::size_t adjustment_window_size = 20;  // samples behind the adjustment term; 0: off
  double height_min = 10.0e-6;              // seconds
  std::size_t latency_filter_size = 3;      // per-peer RTT samples behind the median
  double gravity_rho = 150.0;               // pull towards the origin against drift
};

struct Coordinate {
  std::vector<double> vec;  // seconds
  double error = 0;         // dimensionless confidence
  double adjustment = 0;    // seconds, added to distances
  double height = 0;        // seconds, the non-Euclidean part

  // A node that has observed nothing: the origin, the maximum error, the minimum height.
  static Coordinate origin(const CoordinateConfig& cfg);
  bool valid() const noexcept;  // no NaN or infinity anywhere
  bool compatible_with(const Coordinate& other) const noexcept {
    return vec.size() == other.vec.size();
  }
  friend bool operator==(const Coordinate&, const Coordinate&) = default;
};

// Euclidean distance plus both heights, in seconds, without adjustments. Coordinates
// must be compatible.
double raw_distance(const Coordinate& a, const Coordinate& b);
// The estimated round trip in seconds (Go's Coordinate.DistanceTo): the raw distance
// plus both adjustments when that stays positive, truncated to whole nanoseconds.
double distance_seconds(const Coordinate& a, const Coordinate& b);

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
