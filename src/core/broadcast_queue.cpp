#include "core/broadcast_queue.hpp"

namespace rumor::core {

BroadcastQueue::Id BroadcastQueue::push(Bytes msg, std::string_view key, bool useless_to_subject) {
  if (!key.empty()) {
    if (auto it = by_key_.find(std::string(key)); it != by_key_.end()) erase(by_id_.at(it->second));
  }
  const Id id = next_id_++;
  const Order order{0, msg.size(), id};
  items_.emplace(order, Item{std::move(msg), std::string(key), useless_to_subject});
  by_id_.emplace(id, order);
  if (!key.empty()) by_key_.emplace(std::string(key), id);
  return id;
}

void BroadcastQueue::erase(const Order& o) {
  auto it = items_.find(o);
  if (it == items_.end()) return;
  if (!it->second.key.empty()) by_key_.erase(it->second.key);
  by_id_.erase(o.id);
  items_.erase(it);
}

void BroadcastQueue::clear() {
  items_.clear();
  by_id_.clear();
  by_key_.clear();
}

std::size_t BroadcastQueue::prune(std::size_t keep) {
  std::size_t dropped = 0;
  while (items_.size() > keep) {
    erase(std::prev(items_.end())->first);
    ++dropped;
  }
  return dropped;
}

std::size_t BroadcastQueue::take(std::size_t overhead, std::size_t limit, int retransmit_limit,
                                 std::vector<Bytes>& out, std::string_view recipient) {
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
    out.push_back(it->second.msg);
    sent.push_back(it->first);
    ++it;
  }
  // Re-key what we sent: one more transmission, or gone at the limit.
  for (const Order& o : sent) {
    auto node = items_.extract(o);
    Order next = o;
    ++next.transmits;
    if (static_cast<int>(next.transmits) >= retransmit_limit) {
      if (!node.mapped().key.empty()) by_key_.erase(node.mapped().key);
      by_id_.erase(o.id);
      continue;
    }
    node.key() = next;
    by_id_[o.id] = next;
    items_.insert(std::move(node));
  }
  return used;
}

}  // namespace rumor::core
