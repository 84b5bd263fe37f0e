// Event names and the subscriber list; see events.hpp.
#include "net/events.hpp"

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

}  // namespace rumor::net
