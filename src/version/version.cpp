#include <rumor/version.hpp>

namespace rumor {

const char* version() noexcept {
  return RUMOR_VERSION_STRING;
}

}  // namespace rumor
