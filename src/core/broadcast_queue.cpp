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
  return take_each(overhead, limit, retransmit_limit, recipient,
                   [&](ByteView m) { out.emplace_back(m.begin(), m.end()); });
}

void BroadcastQueue::retransmitted(const std::vector<Order>& sent, int retransmit_limit) {
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
}

}  // namespace rumor::core
