// Restoring Serf from a snapshot: its clocks (Serf::restore_clocks) and its member list
// (Serf::restore).
#include "serf/serf.hpp"

namespace rumor::serf {

void Serf::restore_clocks(LamportTime member, LamportTime event, LamportTime query) {
  clock_.witness(member);
  event_clock_.witness(event);
  query_clock_.witness(query);
  // A clock is one past the newest time it has witnessed, so anything below it was
  // seen (or is concurrent with what was, which Serf accepts losing the same way).
  event_ring_.raise_min_time(event);
  query_ring_.raise_min_time(query);
}

void Serf::restore(std::span<const codec::AliveView> members, Time now) {
  if (!started_ || stopped()) return;
  enter(now);
  node_->restore(members, now);  // each new member reaches us as notify_join
}

}  // namespace rumor::serf
