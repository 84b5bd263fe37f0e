// How simulated nodes are named and addressed: node i is "node-<i>" at 10.x.y.z:7946,
// where x.y.z encodes i + 1. The mapping is arithmetic both ways, so the engine turns a
// destination Address into a node index without a lookup table. No socket is ever used.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

#include "codec/ip.hpp"

namespace rumor::sim {

using NodeId = std::uint32_t;
inline constexpr NodeId kNoNode = std::numeric_limits<NodeId>::max();
inline constexpr std::uint16_t kSimPort = 7946;
inline constexpr std::size_t kMaxNodes = (1u << 24) - 2;

Address node_address(NodeId id);
// kNoNode unless `a` is a simulated node's address.
NodeId node_of(const Address& a) noexcept;
std::string node_name(NodeId id);

}  // namespace rumor::sim
