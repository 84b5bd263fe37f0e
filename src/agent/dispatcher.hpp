// A bounded queue of work run on one thread of its own. The gossip loop hands events
// to RPC streams and handlers through it, so a slow client never stalls gossip; when
// the queue is full the work is dropped and counted, as Serf drops events for a slow
// stream.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace rumor::agent {

class Dispatcher {
 public:
  explicit Dispatcher(std::size_t limit = 4096);
  ~Dispatcher();  // runs what is queued, then joins
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  bool post(std::function<void()> fn);  // false (and counted) when full
  std::uint64_t dropped() const;
  std::size_t queued() const;  // work waiting for the thread

 private:
  void loop();
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  std::size_t limit_;
  bool stopping_ = false;
  std::uint64_t dropped_ = 0;
  std::thread thread_;
};

}  // namespace rumor::agent
