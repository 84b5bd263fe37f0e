// The bounded queue of received-but-unprocessed UDP packets.
//
// memberlist hands inbound messages to a handler goroutine through bounded queues and
// drops when they are full, giving alive messages their own high-priority queue: an
// alive is how a member refutes a suspicion or announces a join, and losing one can
// turn an overloaded node's view into false deaths. We do the same at packet level:
// when the queue is full, a packet carrying an alive message evicts the oldest packet
// that carries none; other packets are dropped on arrival.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>

#include "codec/bytes.hpp"
#include "codec/ip.hpp"
#include "net/net_stats.hpp"

namespace rumor::net {

// Cheap look at a packet's first bytes: label header, CRC header, then either an alive
// message [4] or a compound [7] whose parts are checked by their first byte. Compressed
// packets [9] are not opened for this and count as carrying no alive, so with
// compression on the preference is lost (documented trade-off: decompressing every
// packet to classify it would cost what the queue is there to save).
bool packet_carries_alive(ByteView packet) noexcept;

struct QueuedPacket {
  Address from;
  Bytes data;
  bool alive = false;
};

class InboundQueue {
 public:
  static constexpr std::size_t kDefaultLimit = 1024;  // memberlist's HandoffQueueDepth

  explicit InboundQueue(std::size_t limit = kDefaultLimit) : limit_(limit ? limit : 1) {}

  // False when the new packet itself was dropped.
  bool push(const Address& from, Bytes data);
  std::optional<QueuedPacket> pop();
  std::size_t size() const noexcept { return q_.size(); }
  bool empty() const noexcept { return q_.empty(); }
  std::size_t limit() const noexcept { return limit_; }
  const InboundQueueStats& stats() const noexcept { return stats_; }

 private:
  void drop(QueueDrop d) { ++stats_.dropped[static_cast<std::size_t>(d)]; }

  std::size_t limit_;
  std::deque<QueuedPacket> q_;
  InboundQueueStats stats_;
};

}  // namespace rumor::net
