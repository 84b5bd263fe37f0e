#include "support/rumor_bin.hpp"

namespace rumor::test {

const char* rumor_bin() noexcept {
  return RUMOR_BIN;
}

}  // namespace rumor::test
