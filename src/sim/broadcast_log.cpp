#include "sim/broadcast_log.hpp"

#include <algorithm>

namespace rumor::sim {
namespace {
constexpr std::uint8_t kMagic[4] = {'R', 'S', 'B', 'C'};
constexpr std::size_t kHeader = sizeof kMagic + 8;
}  // namespace

Bytes make_broadcast_payload(std::uint64_t id, std::size_t size) {
  Bytes b(std::max(size, kHeader), 0);
  std::copy(std::begin(kMagic), std::end(kMagic), b.begin());
  for (std::size_t i = 0; i < 8; ++i) b[4 + i] = static_cast<std::uint8_t>(id >> (8 * i));
  return b;
}

std::optional<std::uint64_t> parse_broadcast_payload(ByteView msg) noexcept {
  if (msg.size() < kHeader || !std::equal(std::begin(kMagic), std::end(kMagic), msg.begin()))
    return std::nullopt;
  std::uint64_t id = 0;
  for (std::size_t i = 0; i < 8; ++i) id |= static_cast<std::uint64_t>(msg[4 + i]) << (8 * i);
  return id;
}

BroadcastLog::Entry& BroadcastLog::entry(std::uint64_t id) {
  Entry& e = entries_[id];
  if (e.first_seen.size() != nodes_) e.first_seen.resize(nodes_, core::kNever);
  return e;
}

void BroadcastLog::originate(std::uint64_t id, NodeId origin, core::Time at) {
  announce(id, origin, at);
  deliver(id, origin, at);
}

void BroadcastLog::announce(std::uint64_t id, NodeId origin, core::Time at) {
  Entry& e = entry(id);
  e.origin = origin;
  e.origin_at = at;
}

bool BroadcastLog::deliver(std::uint64_t id, NodeId node, core::Time at) {
  Entry& e = entry(id);
  if (node >= e.first_seen.size() || e.first_seen[node] != core::kNever) return false;
  e.first_seen[node] = at;
  ++e.reached;
  return true;
}

const BroadcastLog::Entry* BroadcastLog::find(std::uint64_t id) const {
  auto it = entries_.find(id);
  return it == entries_.end() ? nullptr : &it->second;
}

}  // namespace rumor::sim
