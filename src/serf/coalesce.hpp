// Event coalescing as Serf's agent does it (serf/coalesce*.go), as pure helpers the agent
// drives with time: events go in with `now`; once next_deadline() passes, flush_due()
// returns what to deliver. A window opens with the first event and closes at the end of
// the quantum (3 s) or after a quiet period (1 s member events, Serf's default for user
// events too), whichever comes first.
//
// Members: within a window only the newest event per member counts, and it is dropped if
// it equals the last one delivered for that member (for updates: the same member data).
// User events: only those flagged `coalesce`; per event name, the ones with the highest
// LTime survive. Go emits from maps in random order; we emit sorted (type, then name).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "serf/events.hpp"

namespace rumor::serf {

using core::Duration;
using core::Time;

// The quantum / quiescence window shared by both coalescers.
class CoalesceWindow {
 public:
  CoalesceWindow(Duration quantum, Duration quiescence) : quantum_(quantum), quiet_(quiescence) {}
  void touch(Time now);
  Time deadline() const;
  bool due(Time now) const { return deadline() <= now; }
  void close() { quantum_end_.reset(), quiet_end_.reset(); }

 private:
  Duration quantum_, quiet_;
  std::optional<Time> quantum_end_, quiet_end_;
};

class MemberEventCoalescer {
 public:
  explicit MemberEventCoalescer(Duration quantum = std::chrono::seconds(3),
                                Duration quiescence = std::chrono::seconds(1))
      : window_(quantum, quiescence) {}
  void add(const MemberEvent& e, Time now);
  Time next_deadline() const { return window_.deadline(); }
  // The coalesced events if the window has closed by `now`, else nothing.
  std::vector<MemberEvent> flush_due(Time now);
  // Everything pending, now (Serf flushes once more on shutdown).
  std::vector<MemberEvent> flush();

 private:
  struct Latest {
    MemberEventType type;
    Member member;
  };
  CoalesceWindow window_;
  std::map<std::string, Latest> pending_;
  std::map<std::string, Latest> last_delivered_;
};

class UserEventCoalescer {
 public:
  explicit UserEventCoalescer(Duration quantum = std::chrono::seconds(3),
                              Duration quiescence = std::chrono::seconds(1))
      : window_(quantum, quiescence) {}
  // False when the event may not be coalesced: deliver it at once.
  bool add(const UserEvent& e, Time now);
  Time next_deadline() const { return window_.deadline(); }
  std::vector<UserEvent> flush_due(Time now);
  std::vector<UserEvent> flush();

 private:
  struct Latest {
    LamportTime ltime = 0;
    std::vector<UserEvent> events;
  };
  CoalesceWindow window_;
  std::map<std::string, Latest> pending_;
};

}  // namespace rumor::serf
