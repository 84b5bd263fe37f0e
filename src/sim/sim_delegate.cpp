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
  if (above_) above_->notify_message(msg);
  const auto id = parse_broadcast_payload(msg);
  if (!id || seen_.contains(*id)) return;
  engine_.on_broadcast(self_, *id);
  spread(*id, msg);
}

void SimDelegate::notify_join(const core::Member& m) {
  engine_.on_member_event(self_, m, MemberEventKind::join);
  if (above_) above_->notify_join(m);
}
void SimDelegate::notify_leave(const core::Member& m) {
  engine_.on_member_event(self_, m, MemberEventKind::leave);
  if (above_) above_->notify_leave(m);
}
void SimDelegate::notify_update(const core::Member& m) {
  engine_.on_member_event(self_, m, MemberEventKind::update);
  if (above_) above_->notify_update(m);
}

// The rest only matters to a delegate above.
void SimDelegate::notify_conflict(const core::Member& existing, const core::Member& other) {
  if (above_) above_->notify_conflict(existing, other);
}
void SimDelegate::notify_join_result(const Address& seed, bool ok) {
  if (above_) above_->notify_join_result(seed, ok);
}
void SimDelegate::notify_ping_complete(const core::Member& m, core::Duration rtt,
                                       ByteView payload) {
  if (above_) above_->notify_ping_complete(m, rtt, payload);
}
void SimDelegate::get_broadcasts(std::size_t overhead, std::size_t limit, std::vector<Bytes>& out) {
  if (above_) above_->get_broadcasts(overhead, limit, out);
}
Bytes SimDelegate::local_state(bool join) {
  return above_ ? above_->local_state(join) : Bytes{};
}
void SimDelegate::merge_remote_state(ByteView state, bool join) {
  if (above_) above_->merge_remote_state(state, join);
}
Bytes SimDelegate::ack_payload() {
  return above_ ? above_->ack_payload() : Bytes{};
}

}  // namespace rumor::sim
