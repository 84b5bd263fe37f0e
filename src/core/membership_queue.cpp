#include "core/membership_queue.hpp"

#include <algorithm>
#include <stdexcept>

namespace rumor::core {

MembershipQueue::Bucket& MembershipQueue::bucket(std::size_t len) {
  auto it = std::lower_bound(buckets_.begin(), buckets_.end(), len,
                             [](const Bucket& b, std::size_t l) { return b.len > l; });
  if (it == buckets_.end() || it->len != len) it = buckets_.insert(it, Bucket{len, 0, {}});
  return *it;
}

void MembershipQueue::Run::pop_back() noexcept {
  // The last entry sifts down from the root, each level to its newest child.
  const Entry last = slots_.back();
  slots_.pop_back();
  const std::size_t n = slots_.size();
  if (n != 0) {
    std::size_t i = 0;
    for (;;) {
      const std::size_t first = kArity * i + 1;
      if (first >= n) break;
      const std::size_t end = std::min(first + kArity, n);
      std::size_t best = first;
      for (std::size_t c = first + 1; c < end; ++c)
        if (older(slots_[best], slots_[c])) best = c;
      if (!older(last, slots_[best])) break;
      slots_[i] = slots_[best];
      i = best;
    }
    slots_[i] = last;
  }
  // A join storm fills a run with an entry per member, then drains it: give the memory
  // back as it drains, or every node would keep its peak. (A prefix copy of a heap is
  // the same heap.)
  if (slots_.empty()) {
    slots_ = std::vector<Entry>();
  } else if (slots_.capacity() > 64 && slots_.size() < slots_.capacity() / 4) {
    std::vector<Entry> smaller;
    smaller.reserve(slots_.capacity() / 2);
    smaller.assign(slots_.begin(), slots_.end());
    slots_ = std::move(smaller);
  }
}

void MembershipQueue::Run::insert(Entry e) {
  if (slots_.size() == slots_.capacity())
    slots_.reserve(std::max<std::size_t>(8, 2 * slots_.capacity()));
  slots_.push_back(e);
  // Sifts up: parents older than it move down a level.
  std::size_t i = slots_.size() - 1;
  while (i > 0) {
    const std::size_t parent = (i - 1) / kArity;
    if (!older(slots_[parent], e)) break;
    slots_[i] = slots_[parent];
    i = parent;
  }
  slots_[i] = e;
}

void MembershipQueue::insert(std::size_t len, Entry e) {
  Bucket& b = bucket(len);
  const int tier = e.transmits();
  if (b.runs.size() <= static_cast<std::size_t>(tier)) b.runs.resize(tier + 1);
  b.runs[tier].insert(e);
  b.tiers |= std::uint64_t{1} << tier;
}

MembershipQueue::Entry MembershipQueue::pop(std::size_t index) {
  Bucket& b = buckets_[index];
  const int tier = __builtin_ctzll(b.tiers);
  Run& run = b.runs[tier];
  const Entry e = run.back();
  run.pop_back();
  if (run.empty()) b.tiers &= ~(std::uint64_t{1} << tier);
  if (b.tiers == 0) buckets_.erase(buckets_.begin() + static_cast<std::ptrdiff_t>(index));
  return e;
}

void MembershipQueue::set_queued(Subject s, bool on) {
  if (s / 64 >= queued_.size()) queued_.resize(s / 64 + 1, 0);
  const std::uint64_t bit = std::uint64_t{1} << (s % 64);
  if (on) {
    queued_[s / 64] |= bit;
  } else {
    queued_[s / 64] &= ~bit;
  }
}

MembershipQueue::~MembershipQueue() {
  for (const Bucket& b : buckets_)
    for (const Run& r : b.runs) r.for_each([&](const Entry& e) { ids_.release_news(e.news()); });
  for (const Pending& p : pending_) ids_.release_news(p.e.news());
}

void MembershipQueue::push(NewsId news, bool useless_to_subject, int already_sent) {
  if (news > kMaxNews) throw std::length_error("rumor::core: too many news items alive");
  const Subject s = ids_.news_subject(news);
  const std::size_t len = ids_.news(news).size();
  const std::uint32_t id = next_id_++;
  auto sup = superseded_.find(s);
  if (queued(s)) {
    // The subject's current message becomes stale where it sits.
    if (sup == superseded_.end()) sup = superseded_.emplace(s, Superseded{id, 0}).first;
    sup->second.latest = id;
    ++sup->second.stale;
  } else {
    set_queued(s, true);
    ++live_;
    if (sup != superseded_.end()) sup->second.latest = id;
  }
  const auto sent = static_cast<std::uint32_t>(std::clamp(already_sent, 0, kMaxTransmits - 1));
  insert(len, Entry{id, news << 7 | sent << 1 | static_cast<std::uint32_t>(useless_to_subject)});
}

void MembershipQueue::withdraw(Subject s) {
  if (!queued(s)) return;
  // Its entry becomes stale where it sits, as a replaced one does.
  auto sup = superseded_.try_emplace(s, Superseded{0, 0}).first;
  ++sup->second.stale;
  set_queued(s, false);
  --live_;
}

bool MembershipQueue::live(const Entry& e, Subject s) {
  auto sup = superseded_.find(s);
  if (sup == superseded_.end()) return true;  // the subject's only entry
  if (queued(s) && sup->second.latest == e.id) return true;
  // With no stale entry left, a queued subject's one entry is its live one again.
  if (--sup->second.stale == 0) superseded_.erase(sup);
  ids_.release_news(e.news());
  return false;
}

void MembershipQueue::reinsert_pending() {
  for (const Pending& p : pending_) insert(p.len, p.e);
  pending_.clear();
}

}  // namespace rumor::core
