#include "core/suspicion.hpp"

#include <algorithm>
#include <cmath>

namespace rumor::core {

Suspicion::Suspicion(std::string_view accuser, int k, Duration min, Duration max, Time start)
    : k_(k), min_(min), max_(std::max(min, max)), start_(start) {
  confirmers_.emplace_back(accuser);
  // With nothing to wait for, the timeout is simply the minimum.
  if (k_ < 1) max_ = min_;
}

bool Suspicion::confirm(std::string_view from) {
  if (confirmations() >= k_) return false;
  if (std::find(confirmers_.begin(), confirmers_.end(), from) != confirmers_.end()) return false;
  confirmers_.emplace_back(from);
  return true;
}

Time Suspicion::deadline() const noexcept {
  const int n = confirmations();
  if (k_ < 1 || n <= 0) return start_ + max_;
  const double frac =
      std::log(static_cast<double>(n) + 1.0) / std::log(static_cast<double>(k_) + 1.0);
  const auto span = static_cast<double>((max_ - min_).count());
  auto timeout = max_ - Duration(static_cast<Duration::rep>(std::floor(span * frac)));
  timeout = std::max(timeout, min_);
  return start_ + timeout;
}

}  // namespace rumor::core
