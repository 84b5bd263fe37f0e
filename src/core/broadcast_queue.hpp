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

  std::map<Order, Item> items_;
  std::unordered_map<Id, Order> by_id_;
  std::unordered_map<std::string, Id> by_key_;
  Id next_id_ = 1;
};

}  // namespace rumor::core
