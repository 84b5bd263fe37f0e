#include "sim/addressing.hpp"

namespace rumor::sim {

Address node_address(NodeId id) {
  const std::uint32_t v = id + 1;  // keeps 10.0.0.0 out of use
  Address a;
  a.ip = Ip::v4(10, static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>(v >> 8),
                static_cast<std::uint8_t>(v));
  a.port = kSimPort;
  return a;
}

NodeId node_of(const Address& a) noexcept {
  if (a.port != kSimPort || a.ip.len != 4 || a.ip.bytes[0] != 10) return kNoNode;
  const std::uint32_t v = static_cast<std::uint32_t>(a.ip.bytes[1]) << 16 |
                          static_cast<std::uint32_t>(a.ip.bytes[2]) << 8 | a.ip.bytes[3];
  return v == 0 ? kNoNode : v - 1;
}

std::string node_name(NodeId id) {
  return "node-" + std::to_string(id);
}

}  // namespace rumor::sim
