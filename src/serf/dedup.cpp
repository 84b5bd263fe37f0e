// Serf's event and query de-dup rings; see dedup.hpp.
#include "serf/dedup.hpp"

#include <algorithm>

namespace rumor::serf {
namespace {

// Serf's handleUserEvent / handleQuery admission checks, shared by both rings.
std::optional<Seen> refuse(LamportTime ltime, LamportTime clock, LamportTime min_time,
                           std::size_t size) {
  if (ltime < min_time) return Seen::before_min_time;
  const auto n = static_cast<LamportTime>(size);
  if (clock > n && ltime < clock - n) return Seen::too_old;
  return std::nullopt;
}

}  // namespace

Seen EventRing::observe(LamportTime ltime, const EventRecord& e, LamportTime clock) {
  if (auto r = refuse(ltime, clock, min_time_, size_)) return *r;
  if (slots_.empty()) slots_.resize(size_);
  auto& slot = slots_[ltime % size_];
  if (slot && slot->ltime == ltime) {
    if (std::find(slot->events.begin(), slot->events.end(), e) != slot->events.end())
      return Seen::duplicate;
  } else {
    slot = EventSlot{ltime, {}};
  }
  slot->events.push_back(e);
  return Seen::fresh;
}

Seen QueryRing::observe(LamportTime ltime, std::uint32_t id, LamportTime clock) {
  if (auto r = refuse(ltime, clock, min_time_, size_)) return *r;
  if (slots_.empty()) slots_.resize(size_);
  auto& slot = slots_[ltime % size_];
  if (slot && slot->ltime == ltime) {
    if (std::find(slot->ids.begin(), slot->ids.end(), id) != slot->ids.end())
      return Seen::duplicate;
  } else {
    slot = Slot{ltime, {}};
  }
  slot->ids.push_back(id);
  return Seen::fresh;
}

}  // namespace rumor::serf
