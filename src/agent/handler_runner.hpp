// Runs event handlers one at a time on a thread of their own, like Serf, so a slow or
// hung handler never blocks gossip: the queue is bounded (overflow is dropped and
// counted) and every handler has a deadline after which it is killed.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "agent/process.hpp"

namespace rumor::agent {

class HandlerRunner {
 public:
  using Done = std::function<void(const ProcessResult&)>;

  explicit HandlerRunner(std::size_t max_queued = 256);
  ~HandlerRunner();  // finishes the running handler (bounded by its timeout), drops the rest
  HandlerRunner(const HandlerRunner&) = delete;
  HandlerRunner& operator=(const HandlerRunner&) = delete;

  // False (and counted) when the queue is full. `done` runs on the handler thread.
  // `step`: run_process's on_step (the event trace).
  bool submit(ProcessSpec spec, Done done = {}, ProcessStep step = {});

  std::uint64_t dropped() const;
  std::uint64_t completed() const;
  std::size_t queued() const;  // jobs waiting (not counting the one running)
  // Blocks until the queue is empty and nothing runs, or `timeout` passes.
  bool wait_idle(std::chrono::milliseconds timeout);

 private:
  void loop();

  struct Job {
    ProcessSpec spec;
    Done done;
    ProcessStep step;
  };
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> queue_;
  std::size_t max_queued_;
  bool stopping_ = false;
  bool running_ = false;
  std::uint64_t dropped_ = 0, completed_ = 0;
  std::thread thread_;
};

}  // namespace rumor::agent
