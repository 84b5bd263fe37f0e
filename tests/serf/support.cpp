// See support.hpp.
#include "support.hpp"

#include <fstream>
#include <sstream>

#include "codec/messages.hpp"
#include "codec/packet.hpp"

namespace rumor::serf::test {

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
