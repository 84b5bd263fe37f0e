// Names for decode errors, for logs and test failure messages.
#include "codec/result.hpp"

namespace rumor::codec {

const char* to_string(Error e) noexcept {
  switch (e) {
    case Error::truncated:
      return "truncated";
    case Error::bad_type:
      return "bad_type";
    case Error::bad_value:
      return "bad_value";
    case Error::too_large:
      return "too_large";
    case Error::too_deep:
      return "too_deep";
    case Error::unknown_message:
      return "unknown_message";
    case Error::bad_crc:
      return "bad_crc";
    case Error::bad_label:
      return "bad_label";
    case Error::bad_compression:
      return "bad_compression";
    case Error::bad_compound:
      return "bad_compound";
    case Error::trailing_bytes:
      return "trailing_bytes";
    case Error::bad_key:
      return "bad_key";
    case Error::unknown_key:
      return "unknown_key";
    case Error::primary_key:
      return "primary_key";
    case Error::undecryptable:
      return "undecryptable";
  }
  return "unknown_error";
}

}  // namespace rumor::codec
