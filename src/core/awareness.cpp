#include "core/awareness.hpp"

#include <algorithm>

namespace rumor::core {

void Awareness::apply_delta(int delta) noexcept {
  score_ = std::clamp(score_ + delta, 0, std::max(0, max_ - 1));
}

}  // namespace rumor::core
