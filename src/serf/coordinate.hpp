// Vivaldi network coordinates as Serf keeps them (hashicorp/serf, package coordinate):
// every node places itself in an 8-dimensional space plus a "height" (its access link)
// so that the distance between two nodes' coordinates estimates their round-trip time.
// Each direct probe that comes back moves our coordinate a little towards agreeing with
// the measured RTT (vivaldi.hpp); peers learn our coordinate from our acks
// (ping_payload.hpp). This header is the public part: the coordinates and their
// distances. Distances are in seconds and truncated to whole nanoseconds, as Go's
// time.Duration truncates them, so that `rumor rtt` prints what `serf rtt` prints for the
// same coordinates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include <rumor/export.hpp>

RUMOR_PUBLIC_BEGIN
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

}  // namespace rumor::serf
RUMOR_PUBLIC_END
