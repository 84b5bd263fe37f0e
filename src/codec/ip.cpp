// Text forms of wire addresses: dotted quad for IPv4, RFC 5952 for IPv6.
//
// Departure from Go: net.IP.String() prints an IPv4-mapped IPv6 address (::ffff:a.b.c.d
// carried in 16 bytes) as a bare dotted quad. We keep RFC 5952's "::ffff:a.b.c.d" so the
// text says which length was on the wire.
#include "codec/ip.hpp"

#include <cstdio>

namespace rumor {
namespace {

std::string dotted_quad(const std::uint8_t* b) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
  return buf;
}

bool is_v4_mapped(const std::array<std::uint8_t, 16>& b) {
  for (int i = 0; i < 10; ++i) {
    if (b[i] != 0) return false;
  }
  return b[10] == 0xff && b[11] == 0xff;
}

std::string ipv6_text(const std::array<std::uint8_t, 16>& b) {
  if (is_v4_mapped(b)) return "::ffff:" + dotted_quad(&b[12]);
  std::uint16_t groups[8];
  for (int i = 0; i < 8; ++i) {
    groups[i] = static_cast<std::uint16_t>(b[2 * i] << 8 | b[2 * i + 1]);
  }
  // RFC 5952 4.2: compress the longest run of two or more zero groups, the first on a tie.
  int best_start = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (groups[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && groups[j] == 0) ++j;
    if (j - i > best_len && j - i >= 2) {
      best_start = i;
      best_len = j - i;
    }
    i = j;
  }
  std::string out;
  char buf[8];
  for (int i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buf, sizeof buf, "%x", groups[i]);
    out += buf;
  }
  return out;
}

}  // namespace

std::string Ip::to_string() const {
  switch (len) {
    case 0:
      return "";
    case 4:
      return dotted_quad(bytes.data());
    case 16:
      return ipv6_text(bytes);
    default:
      return "<invalid ip of " + std::to_string(len) + " bytes>";
  }
}

std::string Address::to_string() const {
  const std::string host = ip.to_string();
  if (ip.len == 16) return "[" + host + "]:" + std::to_string(port);
  return host + ":" + std::to_string(port);
}

}  // namespace rumor
