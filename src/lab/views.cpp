#include "lab/views.hpp"

namespace rumor::lab {

PartialViews::PartialViews(std::uint32_t n, std::uint32_t size, Rng& rng) : n_(n), size_(size) {
  if (size_ == 0) return;
  peers_.resize(static_cast<std::size_t>(n) * size_);
  // Floyd's sampling of `size` among the n - 1 others (as indices 0..n-2, shifted past
  // x): exactly `size` draws per node, whatever the size, with a stamp per candidate
  // instead of a set.
  std::vector<std::uint32_t> stamp(n, 0);
  for (std::uint32_t x = 0; x < n; ++x) {
    auto* row = peers_.data() + static_cast<std::size_t>(x) * size_;
    const std::uint32_t mark = x + 1;
    const std::uint32_t others = n - 1;
    std::uint32_t k = 0;
    for (std::uint32_t j = others - size_; j < others; ++j) {
      auto t = static_cast<std::uint32_t>(rng.below(static_cast<std::uint64_t>(j) + 1));
      if (stamp[t] == mark) t = j;
      stamp[t] = mark;
      row[k++] = t >= x ? t + 1 : t;
    }
  }
}

}  // namespace rumor::lab
