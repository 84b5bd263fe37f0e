// Byte buffer aliases shared by every layer.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace rumor {
using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;
}  // namespace rumor
