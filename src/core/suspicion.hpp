// Lifeguard's dynamic suspicion timeout. The timer starts at `max` and shrinks towards
// `min` as independent members confirm the suspicion:
//   timeout(n) = max - (max - min) * ln(n + 1) / ln(k + 1), floored at min,
// where n counts distinct confirmers other than the first accuser and k is the number
// of confirmations expected.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace rumor::core {

class Suspicion {
 public:
  Suspicion(std::string_view accuser, int k, Duration min, Duration max, Time start);

  // Records a confirmation; true if it was new (then the deadline may have moved and the
  // suspect message is worth re-broadcasting).
  bool confirm(std::string_view from);
  Time deadline() const noexcept;
  int confirmations() const noexcept { return static_cast<int>(confirmers_.size()) - 1; }

 private:
  int k_;
  Duration min_, max_;
  Time start_;
  std::vector<std::string> confirmers_;  // accuser first; k is small, a vector is enough
};

}  // namespace rumor::core
