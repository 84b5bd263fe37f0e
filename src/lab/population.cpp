#include "lab/population.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace rumor::lab {

std::uint32_t failed_count(std::uint32_t n, double failed) {
  const double f = std::round(static_cast<double>(n) * failed);
  return static_cast<std::uint32_t>(std::min(f, static_cast<double>(n - 1)));
}

Population::Population(std::uint32_t n, double failed, Rng& rng) : crashed_(n, 0) {
  const std::uint32_t f = failed_count(n, failed);
  if (f > 0) {
    // A partial Fisher-Yates: the first f entries of a shuffled 0..n-1 crash.
    std::vector<std::uint32_t> ids(n);
    std::iota(ids.begin(), ids.end(), 0u);
    for (std::uint32_t i = 0; i < f; ++i) {
      const auto j = i + static_cast<std::uint32_t>(rng.below(n - i));
      std::swap(ids[i], ids[j]);
      crashed_[ids[i]] = 1;
    }
  }
  live_.reserve(n - f);
  for (std::uint32_t i = 0; i < n; ++i)
    if (!crashed_[i]) live_.push_back(i);
  origin_ = live_[rng.below(live_.size())];
}

}  // namespace rumor::lab
