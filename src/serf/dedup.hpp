// Serf's de-dup rings for user events and queries: a fixed number of slots (512 by
// default) indexed by LTime modulo the size. A message is new unless its slot holds the
// same LTime and an equal event (name + payload) or the same query ID. Anything older
// than the clock minus the ring size is refused as too old, as is anything before the
// minimum time set when joining with ignore_old.
//
// The slots are allocated on the first event or query a ring sees: most simulated nodes
// (and many agents) never see one, and 512 empty slots of each kind are 40 KB a node.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "serf/lamport.hpp"
#include "serf/messages.hpp"

namespace rumor::serf {

enum class Seen : std::uint8_t { fresh, duplicate, too_old, before_min_time };

class EventRing {
 public:
  explicit EventRing(std::size_t slots = 512) : size_(slots == 0 ? 1 : slots) {}
  // Records the event if it is new. `clock` is the event clock after witnessing it.
  Seen observe(LamportTime ltime, const EventRecord& e, LamportTime clock);
  LamportTime min_time() const noexcept { return min_time_; }
  void raise_min_time(LamportTime t) noexcept {
    if (t > min_time_) min_time_ = t;
  }
  // The ring as push/pull carries it (every slot, empty ones as nullopt).
  std::vector<std::optional<EventSlot>> slots() const {
    return slots_.empty() ? std::vector<std::optional<EventSlot>>(size_) : slots_;
  }

 private:
  std::size_t size_;
  std::vector<std::optional<EventSlot>> slots_;  // empty until the first event
  LamportTime min_time_ = 0;
};

class QueryRing {
 public:
  explicit QueryRing(std::size_t slots = 512) : size_(slots == 0 ? 1 : slots) {}
  Seen observe(LamportTime ltime, std::uint32_t id, LamportTime clock);
  LamportTime min_time() const noexcept { return min_time_; }
  void raise_min_time(LamportTime t) noexcept {
    if (t > min_time_) min_time_ = t;
  }

 private:
  struct Slot {
    LamportTime ltime = 0;
    std::vector<std::uint32_t> ids;
  };
  std::size_t size_;
  std::vector<std::optional<Slot>> slots_;  // empty until the first query
  LamportTime min_time_ = 0;
};

}  // namespace rumor::serf
