// Event names and the subscriber list; see events.hpp.
#include "net/events.hpp"

#include <algorithm>

namespace rumor::net {

const char* to_string(EventKind k) noexcept {
  switch (k) {
    case EventKind::member_join:
      return "member-join";
    case EventKind::member_leave:
      return "member-leave";
    case EventKind::member_update:
      return "member-update";
    case EventKind::user_message:
      return "user-message";
  }
  return "?";
}

SubscriptionId Subscribers::add(EventCallback cb) {
  std::lock_guard lock(mu_);
  const SubscriptionId id = next_++;
  subs_.emplace_back(id, std::make_shared<const EventCallback>(std::move(cb)));
  return id;
}

void Subscribers::remove(SubscriptionId id) {
  std::lock_guard lock(mu_);
  std::erase_if(subs_, [id](const auto& s) { return s.first == id; });
}

void Subscribers::publish(std::span<const Event> events) {
  if (events.empty()) return;
  std::vector<std::shared_ptr<const EventCallback>> callbacks;
  {
    std::lock_guard lock(mu_);
    callbacks.reserve(subs_.size());
    for (const auto& s : subs_) callbacks.push_back(s.second);
  }
  for (const Event& e : events)
    for (const auto& cb : callbacks) (*cb)(e);
}

}  // namespace rumor::net
