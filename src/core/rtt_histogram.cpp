#include "core/rtt_histogram.hpp"

#include <algorithm>

namespace rumor::core {

void RttHistogram::record(Duration rtt) noexcept {
  const Duration d = std::max(rtt, Duration::zero());
  // The first bound at or above d; past the end is the +Inf bucket.
  const auto it = std::lower_bound(kBounds.begin(), kBounds.end(), d);
  ++counts[static_cast<std::size_t>(it - kBounds.begin())];
  sum_us += static_cast<std::uint64_t>(d.count());
}

std::uint64_t RttHistogram::count() const noexcept {
  std::uint64_t n = 0;
  for (auto c : counts) n += c;
  return n;
}

}  // namespace rumor::core
