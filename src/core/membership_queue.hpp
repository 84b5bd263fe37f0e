// MembershipQueue: the core's own news (alive, suspect, dead) waiting to be piggybacked,
// in memberlist's TransmitLimitedQueue order: least transmitted first, then larger, then
// newer; each message goes out at most retransmit_limit times, and news about a member
// replaces any queued news about it.
//
// It holds no bytes. An entry is 8 bytes (push order, news id, transmissions): the news
// itself is interned in the shared Identities, where every node that spreads it finds
// the same copy. A join storm queues news about every member on every node (memberlist
// does the same), so in a 10^4-node simulation this is 10^8 entries: 8 bytes each
// instead of the ~300 of a byte-holding queue. Each entry holds a reference on its news.
//
// Layout: for each message length, one run per transmit count, each a heap by push
// order. take() looks at the lengths that fit, largest first, takes from the run with
// the fewest transmits and its newest entry: the btree walk memberlist does. A taken
// entry moves to the next run. A replaced message is not searched for: its
// entry stays where it is, marked stale by the subject's newer push id, and is dropped
// when it comes up.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "core/identities.hpp"

namespace rumor::core {

class MembershipQueue {
 public:
  using Subject = NameId;                                              // the member news is about
  static constexpr std::size_t kMaxNews = (std::size_t{1} << 25) - 1;  // live news ids
  // Transmissions are counted in 6 bits: limits above 63 are treated as 63.
  static constexpr int kMaxTransmits = 63;

  // Whether a take() starts a new packet or adds to the one the previous take() filled
  // (gossip.cpp's membership share): a message already in the packet is not taken again.
  enum class Pass : std::uint8_t { new_packet, same_packet };

  explicit MembershipQueue(Identities& ids) : ids_(ids) {}
  ~MembershipQueue();
  MembershipQueue(const MembershipQueue&) = delete;
  MembershipQueue& operator=(const MembershipQueue&) = delete;

  // Queues `news`, replacing queued news about the same member; takes over the caller's
  // reference. `useless_to_subject`: it tells its subject nothing (its own alive), so
  // take() skips it on packets to that member. `already_sent`: counted as transmitted
  // that many times, so it goes out fewer times and after fresher news.
  void push(NewsId news, bool useless_to_subject, int already_sent = 0);
  // Stops spreading whatever news about `s` is queued.
  void withdraw(Subject s);
  bool queued(Subject s) const noexcept {
    return s < queued_.size() * 64 && (queued_[s / 64] >> (s % 64) & 1);
  }
  std::size_t size() const noexcept { return live_; }
  bool empty() const noexcept { return live_ == 0; }

  // Chooses messages whose lengths plus `overhead` each fit together in `limit` bytes,
  // in queue order, counting a transmission each: emit(ByteView) writes each one. A
  // message that has gone out `retransmit_limit` times is no longer queued.
  // `recipient`: the member the packet goes to, or kNoRecipient. Returns the bytes used
  // (lengths plus overheads).
  static constexpr Subject kNoRecipient = kNoName;
  template <class Emit>
  std::size_t take(std::size_t overhead, std::size_t limit, int retransmit_limit, Subject recipient,
                   Pass pass, Emit&& emit);

 private:
  struct Entry {
    std::uint32_t id;    // push order
    std::uint32_t bits;  // news << 7 | transmits << 1 | useless_to_subject
    NewsId news() const noexcept { return bits >> 7; }
    int transmits() const noexcept { return static_cast<int>(bits >> 1 & 0x3f); }
    bool useless() const noexcept { return bits & 1; }
  };
  // Entries of one length and transmit count: a max-heap by push order, so the newest
  // is on top. A taken entry usually lands at the newest end of the next run, but in a
  // join storm old news drains behind a stream of fresh pushes and lands in the middle,
  // where a sorted ring (our first layout) had to shift thousands of entries.
  // The heap is 8-ary: a node's children share a cache line or two, and a run of 10^4
  // entries is 5 levels deep, not 14. Each node's queue is cold when its gossip round
  // comes (thousands of other nodes ran since), so levels are cache misses. Push ids are
  // unique, so the order taken is the binary heap's exactly.
  class Run {
   public:
    bool empty() const noexcept { return slots_.empty(); }
    const Entry& back() const noexcept { return slots_.front(); }  // the newest
    void pop_back() noexcept;
    void insert(Entry e);
    template <class F>
    void for_each(F&& f) const {
      for (const Entry& e : slots_) f(e);
    }

   private:
    // Heap order: the newest entry on top.
    static bool older(const Entry& a, const Entry& b) noexcept { return newer(b.id, a.id); }
    static constexpr std::size_t kArity = 8;
    std::vector<Entry> slots_;
  };
  struct Bucket {
    std::size_t len;
    std::uint64_t tiers = 0;  // bit t: runs[t] is not empty
    std::vector<Run> runs;    // by transmit count
  };
  struct Superseded {
    std::uint32_t latest;  // the subject's live entry, if it is queued
    std::uint32_t stale;   // older entries of the subject still in the heaps
  };
  // Push ids wrap; every live entry is far younger than 2^31 pushes (RFC 1982 order).
  static bool newer(std::uint32_t a, std::uint32_t b) noexcept {
    return static_cast<std::int32_t>(a - b) > 0;
  }
  Bucket& bucket(std::size_t len);
  void insert(std::size_t len, Entry e);
  // The newest entry with the fewest transmits; the bucket may be erased.
  Entry pop(std::size_t bucket);
  // A surfaced entry is its subject's live message (else it is stale, and released).
  bool live(const Entry& e, Subject s);
  void set_queued(Subject s, bool on);
  void reinsert_pending();

  Identities& ids_;
  std::vector<Bucket> buckets_;  // by len, largest first
  std::vector<std::uint64_t> queued_;
  std::unordered_map<Subject, Superseded> superseded_;
  struct Pending {
    std::size_t len;
    Entry e;
  };
  std::vector<Pending> pending_;  // taken for the current packet, back in a run later
  std::vector<Pending> skipped_;  // useless to this packet's recipient
  std::size_t live_ = 0;
  std::uint32_t next_id_ = 0;
};

template <class Emit>
std::size_t MembershipQueue::take(std::size_t overhead, std::size_t limit, int retransmit_limit,
                                  Subject recipient, Pass pass, Emit&& emit) {
  if (pass == Pass::new_packet) reinsert_pending();
  const int rl = std::min(retransmit_limit, kMaxTransmits);
  std::size_t used = 0;
  for (;;) {
    if (used + overhead >= limit) break;
    const std::size_t max_len = limit - used - overhead;
    // The next message in queue order among those that fit: fewest transmits first, and
    // between equals the largest (buckets_ runs largest first), then the newest.
    std::size_t best = buckets_.size();
    int best_tier = kMaxTransmits + 1;
    for (std::size_t i = 0; i < buckets_.size(); ++i) {
      const Bucket& b = buckets_[i];
      if (b.len > max_len || b.tiers == 0) continue;
      const int tier = __builtin_ctzll(b.tiers);
      if (tier < best_tier) {
        best = i;
        best_tier = tier;
      }
    }
    if (best == buckets_.size()) break;
    const std::size_t len = buckets_[best].len;
    const Entry e = pop(best);
    const Subject subject = ids_.news_subject(e.news());
    if (!live(e, subject)) continue;
    if (e.useless() && subject == recipient) {
      skipped_.push_back({len, e});
      continue;
    }
    used += len + overhead;
    emit(ids_.news(e.news()));
    const int sent = e.transmits() + 1;
    if (sent >= rl) {
      set_queued(subject, false);
      --live_;
      ids_.release_news(e.news());
    } else {
      pending_.push_back(
          {len, Entry{e.id, (e.bits & ~(0x3fu << 1)) | static_cast<std::uint32_t>(sent) << 1}});
    }
  }
  for (const Pending& p : skipped_) insert(p.len, p.e);
  skipped_.clear();
  return used;
}

}  // namespace rumor::core
