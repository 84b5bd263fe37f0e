// BroadcastLog: when each node first received each epidemic user broadcast, and the
// payload format those broadcasts use. The payload starts with a magic tag and a 64-bit
// id (so a node can tell a repeat from news without a central registry), padded to the
// size an experiment asks for.
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "codec/bytes.hpp"
#include "core/time.hpp"
#include "sim/addressing.hpp"

namespace rumor::sim {

Bytes make_broadcast_payload(std::uint64_t id, std::size_t size);
std::optional<std::uint64_t> parse_broadcast_payload(ByteView msg) noexcept;

class BroadcastLog {
 public:
  struct Entry {
    core::Time origin_at{0};
    NodeId origin = kNoNode;
    std::vector<core::Time> first_seen;  // per node; kNever until delivered
    std::size_t reached = 0;
  };

  void resize(std::size_t nodes) { nodes_ = nodes; }
  void originate(std::uint64_t id, NodeId origin, core::Time at);
  // As originate, without delivering to the origin: for layers (Serf) that hand their
  // own events to the origin themselves.
  void announce(std::uint64_t id, NodeId origin, core::Time at);
  // Returns true the first time `node` gets `id`.
  bool deliver(std::uint64_t id, NodeId node, core::Time at);
  const Entry* find(std::uint64_t id) const;

 private:
  Entry& entry(std::uint64_t id);
  std::size_t nodes_ = 0;
  std::unordered_map<std::uint64_t, Entry> entries_;
};

}  // namespace rumor::sim
