// The OS clock as the core sees it. net/ is the only layer that reads a real clock; it
// turns std::chrono::steady_clock into core::Time (microseconds since the runtime
// started) and back, so timers can be armed for the machine's deadlines.
#pragma once

#include <algorithm>
#include <chrono>

#include "core/time.hpp"

namespace rumor::net {

class SteadyClock {
 public:
  using time_point = std::chrono::steady_clock::time_point;

  SteadyClock() : epoch_(std::chrono::steady_clock::now()) {}

  // Floors to whole microseconds, so a timer armed with to_steady(t) never wakes with
  // now() < t (which would make the loop spin on a deadline that has not passed).
  core::Time now() const {
    return std::chrono::duration_cast<core::Time>(std::chrono::steady_clock::now() - epoch_);
  }

  time_point to_steady(core::Time t) const {
    // Far-future deadlines (kNever and near it) would overflow the nanosecond clock.
    constexpr core::Time kMax = std::chrono::hours(24 * 365 * 100);
    return epoch_ + std::min(t, kMax);
  }

 private:
  time_point epoch_;
};

}  // namespace rumor::net
