// Timestamps of a user event's way through one agent, for finding where the time between
// `serf event` and the last handler goes (bench/bench_agents --trace reads them).
//
// Off unless the environment names a directory: RUMOR_EVENT_TRACE=DIR makes each agent
// append lines to DIR/<node name>.trace, one per step:
//
//   <stage> <event name> <wall clock ns> [<detail>]
//
// Stages, in order: rpc (the RPC request reached the agent; origin only), raised (Serf
// handed the event up on the gossip loop; detail: the address of the packet that
// carried it, or "local"), published (the subscriber task ran on the loop), dispatched
// (the dispatcher thread took it), spawn (the handler thread is about to start the
// handler), started (the handler process exists). The handler itself writes the last
// timestamp. Each line is one write(2) to a file opened with O_APPEND, so threads do
// not interleave within a line; with tracing off every call is one branch.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace rumor::agent {

class EventTrace {
 public:
  EventTrace() = default;
  ~EventTrace();
  // Reads RUMOR_EVENT_TRACE; tracing stays off when it is unset or the file cannot be
  // opened. Call once, before any mark().
  void open(const std::string& node_name);
  EventTrace(const EventTrace&) = delete;
  EventTrace& operator=(const EventTrace&) = delete;

  bool on() const noexcept { return fd_ >= 0; }
  void mark(std::string_view stage, std::string_view event, std::string_view detail = {}) const;

  static std::int64_t wall_ns();

 private:
  int fd_ = -1;
};

}  // namespace rumor::agent
