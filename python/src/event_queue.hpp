// What a SerfCluster hears, kept for Python: the subscriber runs on the loop thread and
// must not block or touch Python, so it only queues; Python takes events when it asks
// (SerfCluster.next_event). Bounded: past `limit` the oldest event is dropped and
// counted, so a program that never reads does not grow without end.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>

#include "net/serf_cluster.hpp"
#include "waiting.hpp"

namespace rumor::python {

class EventQueue {
 public:
  explicit EventQueue(std::size_t limit) : limit_(limit ? limit : 1) {}

  void push(const net::SerfEvent& e);  // any thread; never blocks
  // The oldest event, waiting until `deadline` (GIL released; see waiting.hpp).
  std::optional<net::SerfEvent> pop(std::optional<Clock::time_point> deadline);
  std::uint64_t dropped() const;

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<net::SerfEvent> q_;
  std::size_t limit_;
  std::uint64_t dropped_ = 0;
};

}  // namespace rumor::python
