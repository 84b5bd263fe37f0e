// Small helpers shared by the codec tests: hex in and out, and encoding into a fresh buffer.
#pragma once

#include <string>
#include <string_view>

#include "codec/bytes.hpp"
#include "codec/messages.hpp"
#include "codec/packet.hpp"

namespace rumor::codec::test {

// Parses hex digits, ignoring whitespace; the tests' literals are well-formed.
inline Bytes hex(std::string_view text) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  Bytes out;
  int high = -1;
  for (char c : text) {
    const int v = nibble(c);
    if (v < 0) continue;
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<std::uint8_t>(high << 4 | v));
      high = -1;
    }
  }
  return out;
}

inline std::string to_hex(ByteView bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

inline ByteView as_bytes(std::string_view s) {
  return ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

// encode(m) into a new buffer: [type][body].
template <class M>
Bytes encoded(const M& m) {
  Bytes out;
  encode(m, out);
  return out;
}

// The body after the type byte.
inline ByteView body_of(const Bytes& msg) {
  return ByteView(msg).subspan(1);
}

// [type][body] again, from a type and a body.
inline Bytes with_type(MessageType type, ByteView body) {
  // Sized up front: GCC 12 at -O3 misreads vector{x} followed by insert as an overflow.
  Bytes out(body.size() + 1);
  out[0] = static_cast<std::uint8_t>(type);
  std::copy(body.begin(), body.end(), out.begin() + 1);
  return out;
}
inline Bytes with_type(const PacketMessage& m) {
  return with_type(m.type, m.body);
}
inline std::string with_type_hex(const PacketMessage& m) {
  return to_hex(with_type(m));
}

}  // namespace rumor::codec::test
