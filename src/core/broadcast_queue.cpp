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

std::size_t BroadcastQueue::take(std::size_t overhead, std::size_t limit, int retransmit_limit,
                                 std::vector<Bytes>& out, std::string_view recipient) {
  std::size_t used = 0;
  std::vector<Order> sent;
  for (auto it = items_.begin(); it != items_.end(); ++it) {
    if (used + overhead >= limit) break;
    const std::size_t cost = it->second.msg.size() + overhead;
    if (used + cost > limit) continue;
    if (it->second.useless_to_subject && !recipient.empty() && it->second.key == recipient) continue;
    used += cost;
    out.push_back(it->second.msg);
    sent.push_back(it->first);
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
