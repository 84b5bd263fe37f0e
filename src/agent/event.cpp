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

std::string member_event_log_line(EventType t, const MemberInfo& m) {
  switch (t) {
    case EventType::member_join:
      return "EventMemberJoin: " + m.name + " " + m.addr;
    case EventType::member_leave:
      return "EventMemberLeave: " + m.name + " " + m.addr;
    case EventType::member_failed:
      return "EventMemberFailed: " + m.name + " " + m.addr;
    case EventType::member_update:
      return "EventMemberUpdate: " + m.name;
    case EventType::member_reap:
      return "EventMemberReap: " + m.name;
    case EventType::user:
    case EventType::query:
      break;
  }
  return std::string(to_string(t)) + ": " + m.name;
}

}  // namespace rumor::agent
