// TraceHash: a 64-bit running hash of everything a simulation run delivers (packets,
// streams, member events). Two runs are "the same run" exactly when their hashes match,
// which is how the tests and the CLI check determinism without storing whole traces.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>

#include "codec/bytes.hpp"

namespace rumor::sim {

class TraceHash {
 public:
  void add(std::uint64_t word) noexcept { h_ = mix(h_ ^ (word + 0x9e3779b97f4a7c15ULL)); }

  // Bytes are folded 8 at a time in little-endian order, so the value does not depend
  // on the host's byte order; the length goes in last so "ab" + "" != "a" + "b".
  void add_bytes(ByteView b) noexcept {
    std::size_t i = 0;
    for (; i + 8 <= b.size(); i += 8) add(load_le(b.data() + i, 8));
    if (i < b.size()) add(load_le(b.data() + i, b.size() - i));
    add(b.size());
  }

  std::uint64_t value() const noexcept { return h_; }
  std::string hex() const;

 private:
  static std::uint64_t load_le(const std::uint8_t* p, std::size_t n) noexcept {
    std::uint64_t w = 0;
    for (std::size_t k = 0; k < n; ++k) w |= static_cast<std::uint64_t>(p[k]) << (8 * k);
    return w;
  }
  // The murmur3 finaliser: every input bit affects every output bit.
  static std::uint64_t mix(std::uint64_t z) noexcept {
    z = (z ^ (z >> 33)) * 0xff51afd7ed558ccdULL;
    z = (z ^ (z >> 33)) * 0xc4ceb9fe1a85ec53ULL;
    return z ^ (z >> 33);
  }
  std::uint64_t h_ = 0x72756d6f72ULL;  // "rumor"
};

std::string to_hex(std::uint64_t v);

}  // namespace rumor::sim
