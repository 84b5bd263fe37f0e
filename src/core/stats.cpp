#include "core/stats.hpp"

namespace rumor::core {

const char* to_string(DropReason r) noexcept {
  switch (r) {
    case DropReason::malformed:
      return "malformed";
    case DropReason::bad_label:
      return "bad_label";
    case DropReason::bad_crc:
      return "bad_crc";
    case DropReason::unknown_type:
      return "unknown_type";
    case DropReason::wrong_node:
      return "wrong_node";
    case DropReason::bad_version:
      return "bad_version";
    case DropReason::unexpected:
      return "unexpected";
    case DropReason::undecryptable:
      return "undecryptable";
    case DropReason::count_:
      break;
  }
  return "?";
}

}  // namespace rumor::core
