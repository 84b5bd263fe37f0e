// Lifeguard's local health ("awareness"): a score in [0, max) that grows when our own
// probes fail without nacks or when we must refute rumours about ourselves, and shrinks
// on successful probes. Timeouts scale by (score + 1), so a node that is itself slow
// waits longer before accusing others.
#pragma once

#include "core/time.hpp"

namespace rumor::core {

class Awareness {
 public:
  explicit Awareness(int max_multiplier) : max_(max_multiplier) {}
  void apply_delta(int delta) noexcept;
  int score() const noexcept { return score_; }
  Duration scale(Duration d) const noexcept { return d * (score_ + 1); }

 private:
  int max_;
  int score_ = 0;
};

}  // namespace rumor::core
