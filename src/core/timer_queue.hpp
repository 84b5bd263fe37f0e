// Timers as values in a min-heap of (time, sequence): the one idiom of every pure
// machine here. A handler checks the entry's token against current state and ignores
// stale ones, so nothing ever has to be cancelled.
#pragma once

#include <cstdint>
#include <queue>
#include <vector>

#include "core/identities.hpp"
#include "core/time.hpp"

namespace rumor::core {

// Timers of any pure machine (the core's, Serf's): a min-heap of entries by (at, seq),
// so timers due at the same instant fire in the order they were armed. `T` is a value
// with members `Time at` and `std::uint64_t seq` (set here).
template <class T>
class BasicTimerQueue {
 public:
  void arm(T t) {
    t.seq = next_seq_++;
    heap_.push(std::move(t));
  }
  Time next() const { return heap_.empty() ? kNever : heap_.top().at; }
  bool due(Time now) const { return !heap_.empty() && heap_.top().at <= now; }
  T pop() {
    T t = heap_.top();
    heap_.pop();
    return t;
  }
  std::size_t size() const noexcept { return heap_.size(); }
  void clear() { heap_ = {}; }

 private:
  struct Later {
    bool operator()(const T& a, const T& b) const noexcept {
      return a.at != b.at ? a.at > b.at : a.seq > b.seq;
    }
  };
  std::priority_queue<T, std::vector<T>, Later> heap_;
  std::uint64_t next_seq_ = 0;
};

enum class TimerKind : std::uint8_t {
  probe,           // start the next probe round
  probe_indirect,  // direct ping timed out: go indirect (arg: probe generation)
  probe_deadline,  // probe round over: judge the target (arg: probe generation)
  gossip,          // gossip round
  eager_gossip,    // the extra round fresh news asked for (Config::eager_gossip_interval)
  push_pull,       // periodic anti-entropy
  reconnect,       // try a dead member or a seed (partition healing)
  suspicion,       // subject: the member; arg: suspicion token
  relay_expiry,    // an indirect ping we relay timed out (arg: our seq no)
};

struct Timer {
  Time at;
  std::uint64_t seq;
  TimerKind kind;
  std::uint64_t arg;
  NameId subject;
};

// The node's own timers.
class TimerQueue : public BasicTimerQueue<Timer> {
 public:
  void arm(Time at, TimerKind kind, std::uint64_t arg = 0, NameId subject = kNoName) {
    BasicTimerQueue<Timer>::arm(Timer{at, 0, kind, arg, subject});
  }
};

}  // namespace rumor::core
