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

  // Bytes are read 8 at a time in little-endian order, so the value does not depend on
  // the host's byte order, into four lanes that mix independently (xxHash's round), so
  // hashing a 1400-byte packet is not one long chain of multiplications; the lanes and
  // the length go in last, so "ab" + "" != "a" + "b".
  void add_bytes(ByteView b) noexcept {
    const std::uint8_t* p = b.data();
    std::size_t i = 0;
    if (b.size() >= 32) {
      std::uint64_t lane[4] = {h_ + kP1 + kP2, h_ + kP2, h_, h_ - kP1};
      for (; i + 32 <= b.size(); i += 32)
        for (int k = 0; k < 4; ++k) lane[k] = round(lane[k], load_le(p + i + 8 * k, 8));
      for (std::uint64_t l : lane) add(l);
    }
    for (; i + 8 <= b.size(); i += 8) add(load_le(p + i, 8));
    if (i < b.size()) add(load_le(p + i, b.size() - i));
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
  static constexpr std::uint64_t kP1 = 0x9e3779b185ebca87ULL, kP2 = 0xc2b2ae3d27d4eb4fULL;
  static std::uint64_t round(std::uint64_t acc, std::uint64_t w) noexcept {
    acc += w * kP2;
    acc = acc << 31 | acc >> 33;
    return acc * kP1;
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
