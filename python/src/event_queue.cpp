#include "event_queue.hpp"

namespace rumor::python {

void EventQueue::push(const net::SerfEvent& e) {
  {
    std::lock_guard lock(mu_);
    if (q_.size() >= limit_) {
      q_.pop_front();
      ++dropped_;
    }
    q_.push_back(e);
  }
  cv_.notify_one();
}

std::optional<net::SerfEvent> EventQueue::pop(std::optional<Clock::time_point> deadline) {
  std::optional<net::SerfEvent> out;
  wait_then(
      mu_, cv_, [&] { return !q_.empty(); },
      [&] {
        out = std::move(q_.front());
        q_.pop_front();
      },
      deadline);
  return out;
}

std::uint64_t EventQueue::dropped() const {
  std::lock_guard lock(mu_);
  return dropped_;
}

}  // namespace rumor::python
