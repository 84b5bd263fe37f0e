// Restoring Serf's clocks from an agent's snapshot; see Serf::restore_clocks.
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

}  // namespace rumor::serf
