#include "sim/views.hpp"

namespace rumor::sim {

void MembershipViews::resize(std::size_t nodes) {
  // Rows are re-laid out, so resizing keeps opinions only when the row width holds.
  const std::size_t words = (nodes + 63) / 64;
  if (words != words_) {
    std::vector<std::uint64_t> bits(nodes * words, 0);
    for (std::size_t o = 0; o < live_.size(); ++o)
      for (std::size_t w = 0; w < words_; ++w) bits[o * words + w] = bits_[o * words_ + w];
    bits_ = std::move(bits);
    words_ = words;
  } else {
    bits_.resize(nodes * words, 0);
  }
  live_.resize(nodes, 0);
  live_seen_.resize(nodes, 0);
}

bool MembershipViews::sees_alive(NodeId o, NodeId s) const noexcept {
  return (bits_[o * words_ + s / 64] >> (s % 64)) & 1;
}

void MembershipViews::set_alive(NodeId o, NodeId s, bool alive) {
  std::uint64_t& w = bits_[o * words_ + s / 64];
  const std::uint64_t mask = std::uint64_t{1} << (s % 64);
  if (((w & mask) != 0) == alive) return;
  const bool was_full = full(o);
  w ^= mask;
  if (live_[s]) live_seen_[o] += alive ? 1 : static_cast<std::uint32_t>(-1);
  const bool is_full = full(o);
  if (was_full != is_full) full_ += is_full ? 1 : static_cast<std::size_t>(-1);
}

void MembershipViews::reset_observer(NodeId o) {
  for (std::size_t w = 0; w < words_; ++w) {
    std::uint64_t bits = bits_[o * words_ + w];
    while (bits != 0) {
      const auto s = static_cast<NodeId>(w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits)));
      bits &= bits - 1;
      set_alive(o, s, false);
    }
  }
}

void MembershipViews::set_live(NodeId n, bool live) {
  if ((live_[n] != 0) == live) return;
  live_[n] = live ? 1 : 0;
  live_total_ += live ? 1 : static_cast<std::size_t>(-1);
  for (std::size_t o = 0; o < live_.size(); ++o)
    if (sees_alive(static_cast<NodeId>(o), n))
      live_seen_[o] += live ? 1 : static_cast<std::uint32_t>(-1);
  recount_full();
}

void MembershipViews::recount_full() {
  full_ = 0;
  for (std::size_t o = 0; o < live_.size(); ++o)
    if (full(static_cast<NodeId>(o))) ++full_;
}

std::uint64_t MembershipViews::live_seen_total() const noexcept {
  std::uint64_t sum = 0;
  for (std::size_t o = 0; o < live_.size(); ++o)
    if (live_[o]) sum += live_seen_[o];
  return sum;
}

}  // namespace rumor::sim
