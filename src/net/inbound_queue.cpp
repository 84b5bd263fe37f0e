// Inbound packet queue with alive preference; see inbound_queue.hpp.
#include "net/inbound_queue.hpp"

#include <algorithm>

#include "codec/messages.hpp"

namespace rumor::net {

using codec::MessageType;

namespace {
constexpr std::uint8_t type_byte(MessageType t) {
  return static_cast<std::uint8_t>(t);
}
constexpr std::size_t kCrcHeader = 5;  // [12][u32]
}  // namespace

bool packet_carries_alive(ByteView p) noexcept {
  std::size_t pos = 0;
  if (p.size() >= 2 && p[0] == type_byte(MessageType::has_label)) pos = 2 + p[1];
  if (pos < p.size() && p[pos] == type_byte(MessageType::has_crc)) pos += kCrcHeader;
  if (pos >= p.size()) return false;
  if (p[pos] == type_byte(MessageType::alive)) return true;
  if (p[pos] != type_byte(MessageType::compound) || pos + 2 > p.size()) return false;
  // [7][count][count x u16 BE length][parts...]
  const std::size_t count = p[pos + 1];
  std::size_t len_at = pos + 2;
  std::size_t part_at = len_at + 2 * count;
  for (std::size_t i = 0; i < count && part_at < p.size(); ++i, len_at += 2) {
    if (len_at + 2 > p.size()) return false;
    const std::size_t len = (std::size_t{p[len_at]} << 8) | p[len_at + 1];
    if (len > 0 && p[part_at] == type_byte(MessageType::alive)) return true;
    part_at += len;
  }
  return false;
}

const char* to_string(QueueDrop d) noexcept {
  switch (d) {
    case QueueDrop::full:
      return "queue_full";
    case QueueDrop::evicted:
      return "evicted_for_alive";
    case QueueDrop::full_alive:
      return "queue_full_of_alive";
    case QueueDrop::count_:
      break;
  }
  return "?";
}

bool InboundQueue::push(const Address& from, Bytes data) {
  const bool alive = packet_carries_alive(data);
  if (q_.size() >= limit_) {
    if (!alive) {
      drop(QueueDrop::full);
      return false;
    }
    auto victim =
        std::find_if(q_.begin(), q_.end(), [](const QueuedPacket& p) { return !p.alive; });
    if (victim == q_.end()) {
      drop(QueueDrop::full_alive);
      return false;
    }
    q_.erase(victim);
    drop(QueueDrop::evicted);
  }
  q_.push_back(QueuedPacket{from, std::move(data), alive});
  ++stats_.enqueued;
  stats_.high_water = std::max(stats_.high_water, q_.size());
  return true;
}

std::optional<QueuedPacket> InboundQueue::pop() {
  if (q_.empty()) return std::nullopt;
  QueuedPacket p = std::move(q_.front());
  q_.pop_front();
  ++stats_.processed;
  return p;
}

}  // namespace rumor::net
