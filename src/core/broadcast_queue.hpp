// A transmit-limited piggyback queue (memberlist's TransmitLimitedQueue): messages go
// out least-transmitted first (then larger, then newer), each at most retransmit_limit
// times; queueing a message with the key of a queued one replaces it, so only the
// newest news about a member is spread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "codec/bytes.hpp"

namespace rumor::core {

class BroadcastQueue {
 public:
  using Id = std::uint64_t;

  // Queue `msg`; an empty key never replaces anything. Returns the message's id.
  // `useless_to_subject`: the message tells the member named by `key` nothing it does not
  // know (its own alive), so take() skips it on packets to that member.
  Id push(Bytes msg, std::string_view key = {}, bool useless_to_subject = false);

  // Append to `out` messages whose size + `overhead` each fit together in `limit` bytes,
  // counting one transmission each; drops those that reach `retransmit_limit`.
  // Returns the bytes used (sizes plus overheads).
  // `recipient`: the member the packet goes to, if known.
  std::size_t take(std::size_t overhead, std::size_t limit, int retransmit_limit,
                   std::vector<Bytes>& out, std::string_view recipient = {});
  // The same, handing each chosen message to emit(ByteView) (valid for the call).
  template <class Emit>
  std::size_t take_each(std::size_t overhead, std::size_t limit, int retransmit_limit,
                        std::string_view recipient, Emit&& emit);

  bool contains(Id id) const { return by_id_.count(id) != 0; }
  std::size_t size() const noexcept { return items_.size(); }
  bool empty() const noexcept { return items_.empty(); }
  void clear();
  // Keeps the `keep` messages take() would send first and drops the rest: the most
  // transmitted, then the oldest (memberlist's Prune).
  std::size_t prune(std::size_t keep);

 private:
  struct Order {
    std::uint32_t transmits;
    std::size_t len;
    Id id;
    bool operator<(const Order& o) const noexcept {
      if (transmits != o.transmits) return transmits < o.transmits;
      if (len != o.len) return len > o.len;
      return id > o.id;
    }
  };
  struct Item {
    Bytes msg;
    std::string key;
    bool useless_to_subject = false;
  };
  void erase(const Order& o);
  // Re-keys what a take sent: one more transmission, or gone at the limit.
  void retransmitted(const std::vector<Order>& sent, int retransmit_limit);

  std::map<Order, Item> items_;
  std::unordered_map<Id, Order> by_id_;
  std::unordered_map<std::string, Id> by_key_;
  Id next_id_ = 1;
};

template <class Emit>
std::size_t BroadcastQueue::take_each(std::size_t overhead, std::size_t limit, int retransmit_limit,
                                      std::string_view recipient, Emit&& emit) {
  std::size_t used = 0;
  std::vector<Order> sent;
  // Within a transmit tier messages are ordered largest first, so when one does not fit
  // we jump to the first one of that tier that does (memberlist walks its btree the
  // same way): O(sent + tiers) steps instead of a walk over the whole queue.
  auto it = items_.begin();
  while (it != items_.end()) {
    if (used + overhead >= limit) break;
    const std::size_t max_len = limit - used - overhead;
    if (it->second.msg.size() > max_len) {
      it = items_.lower_bound(Order{it->first.transmits, max_len, ~Id{0}});
      continue;
    }
    if (it->second.useless_to_subject && !recipient.empty() && it->second.key == recipient) {
      ++it;
      continue;
    }
    used += it->second.msg.size() + overhead;
    emit(ByteView(it->second.msg));
    sent.push_back(it->first);
    ++it;
  }
  retransmitted(sent, retransmit_limit);
  return used;
}

}  // namespace rumor::core
