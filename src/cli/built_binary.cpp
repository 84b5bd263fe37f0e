#include "cli/built_binary.hpp"

namespace rumor::cli {

const char* built_binary() noexcept {
  return RUMOR_BIN;
}

}  // namespace rumor::cli
