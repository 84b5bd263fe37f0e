// Snapshotter: what the agent's snapshot (snapshot.hpp) says, kept from the cluster's own
// events instead of re-reading the whole member list every second. Member events, as
// Serf raises them (before coalescing), keep the set of members last seen alive; a join
// or leave intent, a user event or a query marks the clocks moved. The agent reads the
// three clocks only when something changed, and writes at most once a second.
//
// Departure from Serf: Go's snapshotter polls the member clock every 500 ms; here the
// intents that move it say so. A member that announced its leave stays listed until
// the leave itself is raised (one more address to try on a rejoin, nothing worse).
//
// Pure: no files, clocks or threads. The agent calls it under its own lock, from the
// gossip loop (events) and from its snapshot thread (take).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>

#include "agent/snapshot.hpp"
#include "serf/events.hpp"

namespace rumor::agent {

class Snapshotter {
 public:
  // `self`: our own name, never listed.
  explicit Snapshotter(std::string self = {}) : self_(std::move(self)) {}

  void on_member_event(const serf::MemberEvent& e);
  // An intent, a user event or a query: a clock may have moved.
  void clock_moved() noexcept { changed_ = true; }
  // True when something happened since the last take().
  bool changed() const noexcept { return changed_; }

  // The snapshot as it stands, with the clocks the caller read; clears changed().
  Snapshot take(std::uint64_t member_clock, std::uint64_t event_clock, std::uint64_t query_clock,
                bool left);

 private:
  std::string self_;
  std::map<std::string, std::string, std::less<>> alive_;  // name -> "ip:port"
  bool changed_ = false;
};

}  // namespace rumor::agent
