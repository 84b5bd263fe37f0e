#include "agent/handler_runner.hpp"

namespace rumor::agent {

HandlerRunner::HandlerRunner(std::size_t max_queued)
    : max_queued_(max_queued), thread_([this] { loop(); }) {}

HandlerRunner::~HandlerRunner() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    queue_.clear();
  }
  cv_.notify_all();
  thread_.join();
}

bool HandlerRunner::submit(ProcessSpec spec, Done done, ProcessStep step) {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || queue_.size() >= max_queued_) {
      ++dropped_;
      return false;
    }
    queue_.push_back(Job{std::move(spec), std::move(done), std::move(step)});
  }
  cv_.notify_all();
  return true;
}

std::uint64_t HandlerRunner::dropped() const {
  std::lock_guard lock(mu_);
  return dropped_;
}

std::size_t HandlerRunner::queued() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

std::uint64_t HandlerRunner::completed() const {
  std::lock_guard lock(mu_);
  return completed_;
}

bool HandlerRunner::wait_idle(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return queue_.empty() && !running_; });
}

void HandlerRunner::loop() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_ && queue_.empty()) return;
      job = std::move(queue_.front());
      queue_.pop_front();
      running_ = true;
    }
    const ProcessResult result = run_process(job.spec, job.step);
    // The callback runs without our lock held: it may submit more work.
    if (job.done) job.done(result);
    {
      std::lock_guard lock(mu_);
      running_ = false;
      ++completed_;
    }
    cv_.notify_all();
  }
}

}  // namespace rumor::agent
