#include "core/membership_queue.hpp"

namespace rumor::core {

MembershipQueue::Bucket& MembershipQueue::bucket(std::size_t len) {
  auto it = std::lower_bound(buckets_.begin(), buckets_.end(), len,
                             [](const Bucket& b, std::size_t l) { return b.len > l; });
  if (it == buckets_.end() || it->len != len) it = buckets_.insert(it, Bucket{len, {}});
  return *it;
}

void MembershipQueue::insert(std::size_t len, Entry e) {
  auto& heap = bucket(len).heap;
  heap.push_back(e);
  std::push_heap(heap.begin(), heap.end(), after);
}

MembershipQueue::Entry MembershipQueue::pop(Bucket& b) {
  std::pop_heap(b.heap.begin(), b.heap.end(), after);
  const Entry e = b.heap.back();
  b.heap.pop_back();
  // A join storm fills a heap with an entry per member, then drains it: give the memory
  // back as it drains, or every node would keep its peak.
  if (b.heap.capacity() > 64 && b.heap.size() < b.heap.capacity() / 4) b.heap.shrink_to_fit();
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

void MembershipQueue::push(Subject s, std::size_t len, bool useless_to_subject) {
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
  insert(len, Entry{id, s << 7 | static_cast<std::uint32_t>(useless_to_subject)});
}

bool MembershipQueue::live(const Entry& e) {
  const Subject s = e.subject();
  auto sup = superseded_.find(s);
  if (sup == superseded_.end()) return true;  // the subject's only entry
  if (queued(s) && sup->second.latest == e.id) return true;
  // With no stale entry left, a queued subject's one entry is its live one again.
  if (--sup->second.stale == 0) superseded_.erase(sup);
  return false;
}

void MembershipQueue::reinsert_pending() {
  for (const Pending& p : pending_) insert(p.len, p.e);
  pending_.clear();
}

}  // namespace rumor::core
