// EventQueue: the simulator's agenda, a binary min-heap of small plain events ordered by
// (time, sequence number). The sequence number is handed out at push time, so events
// due at the same virtual microsecond run in the order they were scheduled: that tie
// rule is what makes one seed give one run, bit for bit.
//
// Events carry only indices (node, argument); payloads live in pools owned by the
// engine, which keeps the heap entries at 24 bytes and the heap itself cache-friendly.
#pragma once

#include <cstdint>
#include <vector>

#include "core/time.hpp"

namespace rumor::sim {

enum class EventKind : std::uint8_t {
  packet,           // arg: message slot
  stream_request,   // arg: message slot
  stream_reply,     // arg: message slot
  stream_failed,    // arg: stream id (the opener learns the stream failed)
  stream_deadline,  // arg: stream id (the opener's deadline; fails it if still open)
  timer,            // arg: the node's timer version when pushed (stale ones are skipped)
  stall_end,        // arg: the node's stall token when pushed
  action,           // arg: action slot (scenario scripts: crash, partition, ...)
};

struct Event {
  core::Time at{0};
  std::uint64_t seq_kind = 0;  // sequence << 8 | kind
  std::uint32_t node = 0;
  std::uint32_t arg = 0;

  EventKind kind() const noexcept { return static_cast<EventKind>(seq_kind & 0xff); }
  std::uint64_t seq() const noexcept { return seq_kind >> 8; }
};

class EventQueue {
 public:
  void push(core::Time at, EventKind kind, std::uint32_t node, std::uint32_t arg);
  // Precondition: !empty().
  Event pop();
  const Event& top() const { return heap_.front(); }
  bool empty() const noexcept { return heap_.empty(); }
  std::size_t size() const noexcept { return heap_.size(); }
  std::uint64_t pushed() const noexcept { return next_seq_; }

 private:
  static bool before(const Event& a, const Event& b) noexcept {
    return a.at != b.at ? a.at < b.at : a.seq_kind < b.seq_kind;
  }
  void sift_up(std::size_t i) noexcept;
  void sift_down(std::size_t i) noexcept;

  std::vector<Event> heap_;
  std::uint64_t next_seq_ = 0;
};

}  // namespace rumor::sim
