#include "agent/event.hpp"

namespace rumor::agent {

const char* to_string(EventType t) noexcept {
  switch (t) {
    case EventType::member_join:
      return "member-join";
    case EventType::member_leave:
      return "member-leave";
    case EventType::member_failed:
      return "member-failed";
    case EventType::member_update:
      return "member-update";
    case EventType::member_reap:
      return "member-reap";
    case EventType::user:
      return "user";
    case EventType::query:
      return "query";
  }
  return "?";
}

std::optional<EventType> parse_event_type(std::string_view name) {
  for (auto t :
       {EventType::member_join, EventType::member_leave, EventType::member_failed,
        EventType::member_update, EventType::member_reap, EventType::user, EventType::query}) {
    if (name == to_string(t)) return t;
  }
  return std::nullopt;
}

}  // namespace rumor::agent
