// What an agent remembers across restarts (Serf's snapshot): the members it last saw
// alive, its three Lamport clocks, and whether it left gracefully. On start it rejoins
// those members (unless it had left and rejoin_after_leave is off) and refuses events
// and queries it had already handled.
//
// Departure from Serf: Serf appends to a log and compacts it; we rewrite one small JSON
// document atomically (atomic_file.hpp) at most once a second when something changed
// (snapshotter.hpp: known from the cluster's events, not by polling it),
// and at leave and shutdown. A kill -9 at any moment leaves the previous or the new
// document, never a torn one; a crash loses at most the last second of changes, which
// the rejoin's push/pull brings back. An unreadable snapshot is reported and ignored:
// it never stops the agent from starting.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rumor::agent {

struct Snapshot {
  struct Member {
    std::string name;
    std::string addr;  // "ip:port"
    friend bool operator==(const Member&, const Member&) = default;
  };
  std::vector<Member> alive;  // others, not ourselves
  std::uint64_t member_clock = 0, event_clock = 0, query_clock = 0;
  bool left = false;  // we left gracefully
  friend bool operator==(const Snapshot&, const Snapshot&) = default;
};

std::string encode_snapshot(const Snapshot& s);
// An error message naming what is wrong, or empty.
std::string decode_snapshot(std::string_view text, Snapshot& out);

std::string write_snapshot(const std::string& path, const Snapshot& s);
// Empty error and `found` false when there is no file yet.
std::string read_snapshot(const std::string& path, Snapshot& out, bool& found);

}  // namespace rumor::agent
