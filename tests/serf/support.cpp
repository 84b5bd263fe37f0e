// See support.hpp.
#include "support.hpp"

#include <fstream>
#include <sstream>

#include "codec/messages.hpp"
#include "codec/packet.hpp"

namespace rumor::serf::test {

Bytes hex(std::string_view text) {
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

std::string to_hex(ByteView bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::uint8_t b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

namespace {

CapturedVectors load() {
  CapturedVectors v;
  const std::string path = std::string(RUMOR_VECTORS_DIR) + "/plain.vectors.txt";
  std::ifstream in(path);
  if (!in) {
    v.error = "cannot open " + path;
    return v;
  }
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream f(line);
    std::string kind, a, b, c, hx;
    f >> kind;
    if (kind == "udp") {
      f >> a >> b >> hx;
      const Bytes packet = hex(hx);  // the opened messages point into it
      auto opened = codec::open_packet(packet, "");
      if (!opened) {
        v.error = "cannot open packet: " + line.substr(0, 40);
        return v;
      }
      for (const auto& m : opened->messages) {
        if (m.type == codec::MessageType::user)
          v.serf_messages.emplace_back(m.body.begin(), m.body.end());
        if (m.type == codec::MessageType::alive) {
          if (auto alive = codec::decode_alive(m.body)) {
            v.metas.push_back(alive->meta);
            v.vsns.emplace_back(alive->vsn.begin(), alive->vsn.end());
          }
        }
      }
    } else if (kind == "tcp") {
      f >> a >> b >> c >> hx;
      const Bytes stream = hex(hx);
      auto opened = codec::open_stream(stream, "");
      if (!opened || opened->type != codec::MessageType::push_pull) continue;
      auto pp = codec::decode_push_pull(opened->body);
      if (!pp) {
        v.error = "cannot decode push/pull: " + line.substr(0, 40);
        return v;
      }
      v.push_pull_states.push_back(pp->user_state);
      for (const auto& n : pp->nodes) v.metas.push_back(n.meta);
    }
  }
  return v;
}

}  // namespace

const CapturedVectors& captured() {
  static const CapturedVectors v = load();
  return v;
}

}  // namespace rumor::serf::test
