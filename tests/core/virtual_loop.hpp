// Virtual time for tests that drive several state machines (core::Node, serf::Serf):
// scheduled deliveries and each machine's own deadline, run in time order. No threads,
// no sleeps; a machine is anything with next_deadline() and on_timeout(now).
#pragma once

#include <algorithm>
#include <functional>
#include <map>

#include "core/time.hpp"

namespace rumor::testing {

class VirtualLoop {
 public:
  explicit VirtualLoop(core::Time start = core::Time{0}) : now(start) {}

  // Schedules `fn` (a delivery, or a call a test wants made at that time).
  void at(core::Time when, std::function<void()> fn) { events_.emplace(when, std::move(fn)); }

  // Runs every event and machine timer due by `end`, earliest first, then sets now = end.
  // `each_machine(visit)` calls visit(machine) for every machine still running.
  template <class EachMachine>
  void run_until(core::Time end, EachMachine each_machine) {
    // Bounded: machines re-arm their periodic timers strictly in the future.
    for (int step = 0; step < 10'000'000; ++step) {
      core::Time next = events_.empty() ? core::kNever : events_.begin()->first;
      each_machine([&](auto& m) { next = std::min(next, m.next_deadline()); });
      if (next > end) break;
      now = std::max(now, next);
      if (!events_.empty() && events_.begin()->first <= now) {
        auto fn = std::move(events_.begin()->second);
        events_.erase(events_.begin());
        fn();
        continue;
      }
      each_machine([&](auto& m) {
        if (m.next_deadline() <= now) m.on_timeout(now);
      });
    }
    now = std::max(now, end);
  }

  core::Time now;

 private:
  std::multimap<core::Time, std::function<void()>> events_;
};

}  // namespace rumor::testing
