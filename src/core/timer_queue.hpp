// The node's own timers: a min-heap of (time, sequence) entries. Entries are values; a
// handler checks the entry's token against current state and ignores stale ones, so
// nothing ever has to be cancelled.
#pragma once

#include <cstdint>
#include <queue>
#include <vector>

#include "core/identities.hpp"
#include "core/time.hpp"

namespace rumor::core {

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

class TimerQueue {
 public:
  void arm(Time at, TimerKind kind, std::uint64_t arg = 0, NameId subject = kNoName) {
    heap_.push(Timer{at, next_seq_++, kind, arg, subject});
  }
  Time next() const { return heap_.empty() ? kNever : heap_.top().at; }
  bool due(Time now) const { return !heap_.empty() && heap_.top().at <= now; }
  Timer pop() {
    Timer t = heap_.top();
    heap_.pop();
    return t;
  }
  std::size_t size() const noexcept { return heap_.size(); }

 private:
  struct Later {
    bool operator()(const Timer& a, const Timer& b) const noexcept {
      return a.at != b.at ? a.at > b.at : a.seq > b.seq;
    }
  };
  std::priority_queue<Timer, std::vector<Timer>, Later> heap_;
  std::uint64_t next_seq_ = 0;
};

}  // namespace rumor::core
