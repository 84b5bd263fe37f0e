#include "agent/dispatcher.hpp"

namespace rumor::agent {

Dispatcher::Dispatcher(std::size_t limit) : limit_(limit), thread_([this] { loop(); }) {}

Dispatcher::~Dispatcher() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

bool Dispatcher::post(std::function<void()> fn) {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || queue_.size() >= limit_) {
      ++dropped_;
      return false;
    }
    queue_.push_back(std::move(fn));
  }
  cv_.notify_all();
  return true;
}

std::uint64_t Dispatcher::dropped() const {
  std::lock_guard lock(mu_);
  return dropped_;
}

std::size_t Dispatcher::queued() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

void Dispatcher::loop() {
  for (;;) {
    std::function<void()> fn;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      fn = std::move(queue_.front());
      queue_.pop_front();
    }
    fn();
  }
}

}  // namespace rumor::agent
