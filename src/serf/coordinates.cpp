// Serf's network coordinates (Go's ping_delegate.go): our acks carry our Vivaldi
// coordinate; each direct probe of a member that comes back with its coordinate moves
// ours and caches its one, for `serf rtt` to read through get-coordinate.
#include "serf/ping_payload.hpp"
#include "serf/serf.hpp"

namespace rumor::serf {

Bytes Serf::ack_payload() {
  if (cfg_.disable_coordinates) return {};
  return encode_ping_payload(coord_client_.coordinate());
}

void Serf::notify_ping_complete(const core::Member& m, Duration rtt, ByteView payload) {
  if (cfg_.disable_coordinates || stopped()) return;
  // Nothing to learn from a peer without coordinates (or another ping version).
  auto other = decode_ping_payload(payload);
  if (!other) return;
  // As Go: a coordinate of other dimensions is rejected before it can reach the client.
  if (!coord_client_.coordinate().compatible_with(*other)) return;
  // Go caches the peer's coordinate even when the update refuses the observation (an
  // invalid coordinate or an RTT beyond 10 s).
  coord_client_.update(m.name, *other, rtt);
  coord_cache_[m.name] = std::move(*other);
  coord_cache_[cfg_.memberlist.name] = coord_client_.coordinate();
}

const Coordinate* Serf::cached_coordinate(std::string_view name) const {
  auto it = coord_cache_.find(name);
  return it == coord_cache_.end() ? nullptr : &it->second;
}

void Serf::forget_departed_coordinates() {
  // Go forgets a member's coordinate and RTT samples when it erases the member; we
  // catch up on each reap tick.
  for (auto it = coord_cache_.begin(); it != coord_cache_.end();) {
    if (it->first != cfg_.memberlist.name && members_.find(it->first) == MemberStore::kNone) {
      coord_client_.forget(it->first);
      it = coord_cache_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace rumor::serf
