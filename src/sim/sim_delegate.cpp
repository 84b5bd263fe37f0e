#include "sim/sim_delegate.hpp"

#include <algorithm>
#include <string>

#include "sim/broadcast_log.hpp"
#include "sim/engine.hpp"

namespace rumor::sim {

Bytes SimDelegate::node_meta(std::size_t limit) {
  if ((meta_version_ == 0 && meta_bytes_ == 0) || limit < 4) return {};
  // The version, then filler that differs per node (tags name their node).
  Bytes b(std::min(limit, std::max<std::size_t>(4, meta_bytes_)));
  for (std::size_t i = 0; i < 4; ++i) b[i] = static_cast<std::uint8_t>(meta_version_ >> (8 * i));
  for (std::size_t i = 4; i < b.size(); ++i)
    b[i] = static_cast<std::uint8_t>('a' + (self_ + i) % 26);
  return b;
}

void SimDelegate::spread(std::uint64_t id, ByteView payload) {
  if (!seen_.insert(id).second || node_ == nullptr) return;
  // Keyed by id: a repeat queued while ours is still being retransmitted replaces it
  // instead of doubling the traffic (Serf's behaviour for its user events).
  node_->broadcast(Bytes(payload.begin(), payload.end()), "sim-bc-" + std::to_string(id));
}

void SimDelegate::notify_message(ByteView msg) {
  const auto id = parse_broadcast_payload(msg);
  if (!id || seen_.contains(*id)) return;
  engine_.on_broadcast(self_, *id);
  spread(*id, msg);
}

void SimDelegate::notify_join(const core::Member& m) {
  engine_.on_member_event(self_, m, MemberEventKind::join);
}
void SimDelegate::notify_leave(const core::Member& m) {
  engine_.on_member_event(self_, m, MemberEventKind::leave);
}
void SimDelegate::notify_update(const core::Member& m) {
  engine_.on_member_event(self_, m, MemberEventKind::update);
}

}  // namespace rumor::sim
