// An IP address as memberlist puts it on the wire: 4 bytes (IPv4) or 16 (IPv6).
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <string>

#include "codec/bytes.hpp"

namespace rumor {

struct Ip {
  std::array<std::uint8_t, 16> bytes{};
  std::uint8_t len = 0;  // 0 (absent), 4 or 16

  static Ip v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
    Ip ip;
    ip.bytes = {a, b, c, d};
    ip.len = 4;
    return ip;
  }
  bool empty() const noexcept { return len == 0; }
  ByteView view() const noexcept { return ByteView(bytes.data(), len); }
  std::string to_string() const;  // dotted quad or RFC 5952 text
  friend auto operator<=>(const Ip&, const Ip&) = default;
};

// IP plus port: where a node is reached on UDP and TCP.
struct Address {
  Ip ip;
  std::uint16_t port = 0;
  std::string to_string() const;  // "1.2.3.4:7946" or "[::1]:7946"
  friend auto operator<=>(const Address&, const Address&) = default;
};

}  // namespace rumor
