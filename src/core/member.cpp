#include "core/member.hpp"

namespace rumor::core {

const char* to_string(MemberState s) noexcept {
  switch (s) {
    case MemberState::alive:
      return "alive";
    case MemberState::suspect:
      return "suspect";
    case MemberState::dead:
      return "dead";
    case MemberState::left:
      return "left";
  }
  return "?";
}

}  // namespace rumor::core
