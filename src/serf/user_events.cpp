// User events (serf.go UserEvent / handleUserEvent): stamped with the event clock,
// de-duplicated through the 512-slot ring, re-broadcast the first time we see them.
#include "serf/serf.hpp"

namespace rumor::serf {

SerfStatus Serf::user_event(std::string_view name, ByteView payload, bool coalesce, Time now) {
  if (state_ != SerfState::alive || !started_) return SerfError::bad_state;
  const std::size_t raw_size = name.size() + payload.size();
  if (raw_size > cfg_.user_event_size_limit || raw_size > kUserEventSizeHardLimit)
    return SerfError::too_large;
  enter(now);
  UserEventMsg msg{event_clock_.time(), std::string(name), Bytes(payload.begin(), payload.end()),
                   coalesce};
  Bytes raw = encoded(msg);
  // Serf checks the encoded size against the same limits.
  if (raw.size() > cfg_.user_event_size_limit || raw.size() > kUserEventSizeHardLimit)
    return SerfError::too_large;
  event_clock_.increment();
  handle_user_event(msg);
  event_q_.push(std::move(raw));
  node_->news_queued();  // eager gossip, when the memberlist config asks for it
  return Done{};
}

bool Serf::handle_user_event(const UserEventMsg& m) {
  event_clock_.witness(m.ltime);
  const Seen seen =
      event_ring_.observe(m.ltime, EventRecord{m.name, m.payload}, event_clock_.time());
  if (seen != Seen::fresh) return false;
  sink_.on_user_event(UserEvent{m.ltime, m.name, m.payload, m.cc});
  return true;
}

}  // namespace rumor::serf
