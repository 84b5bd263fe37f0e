#include "core/membership_queue.hpp"

#include <stdexcept>

namespace rumor::core {

MembershipQueue::Bucket& MembershipQueue::bucket(std::size_t len) {
  auto it = std::lower_bound(buckets_.begin(), buckets_.end(), len,
                             [](const Bucket& b, std::size_t l) { return b.len > l; });
  if (it == buckets_.end() || it->len != len) it = buckets_.insert(it, Bucket{len, 0, {}});
  return *it;
}

void MembershipQueue::Run::resize(std::uint32_t cap) {
  std::vector<Entry> slots(cap);
  for (std::uint32_t i = 0; i < size_; ++i) slots[i] = at(i);
  slots_ = std::move(slots);
  head_ = 0;
}

void MembershipQueue::Run::pop_back() noexcept {
  --size_;
  // A join storm fills a run with an entry per member, then drains it: give the memory
  // back as it drains, or every node would keep its peak.
  if (size_ == 0) {
    slots_ = std::vector<Entry>();
    head_ = 0;
  } else if (cap() > 64 && size_ < cap() / 4) {
    resize(cap() / 2);
  }
}

void MembershipQueue::Run::insert(Entry e) {
  if (size_ == cap()) resize(std::max<std::uint32_t>(8, 2 * cap()));
  if (size_ == 0 || newer(e.id, back().id)) {
    at(size_++) = e;
    return;
  }
  if (newer(at(0).id, e.id)) {
    head_ = (head_ - 1) & (cap() - 1);
    ++size_;
    at(0) = e;
    return;
  }
  // Between the two ends: the first entry newer than e, and the rest one slot on.
  std::uint32_t lo = 0, hi = size_ - 1;
  while (lo < hi) {
    const std::uint32_t mid = (lo + hi) / 2;
    if (newer(at(mid).id, e.id)) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  for (std::uint32_t i = size_; i > lo; --i) at(i) = at(i - 1);
  at(lo) = e;
  ++size_;
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

void MembershipQueue::push(NewsId news, bool useless_to_subject) {
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
  insert(len, Entry{id, news << 7 | static_cast<std::uint32_t>(useless_to_subject)});
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
