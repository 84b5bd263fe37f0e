// A Lamport clock as Serf keeps three of them (member, event, query). Serf starts each
// at 1 so that the zero LTime of a missing field is always older than anything real.
#pragma once

#include <cstdint>

#include <rumor/export.hpp>

RUMOR_PUBLIC_BEGIN
namespace rumor::serf {

using LamportTime = std::uint64_t;

class LamportClock {
 public:
  LamportTime time() const noexcept { return counter_; }
  // Advances the clock; returns the new time.
  LamportTime increment() noexcept { return ++counter_; }
  // Having seen `v`, make sure our next time is later: v + 1 when we are at or behind v.
  void witness(LamportTime v) noexcept {
    if (v < counter_) return;
    // Departure: Go wraps at 2^64; a hostile LTime must not reset the clock to 0.
    counter_ = v == ~LamportTime{0} ? v : v + 1;
  }

 private:
  LamportTime counter_ = 0;
};

}  // namespace rumor::serf
RUMOR_PUBLIC_END
