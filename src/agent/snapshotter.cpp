#include "agent/snapshotter.hpp"

namespace rumor::agent {

void Snapshotter::on_member_event(const serf::MemberEvent& e) {
  for (const serf::Member& m : e.members) {
    if (m.name == self_) continue;
    switch (e.type) {
      case serf::MemberEventType::join:
      case serf::MemberEventType::update:
        alive_[m.name] = m.address.to_string();
        break;
      case serf::MemberEventType::leave:
      case serf::MemberEventType::failed:
      case serf::MemberEventType::reap:
        alive_.erase(m.name);
        break;
    }
  }
  changed_ = true;
}

Snapshot Snapshotter::take(std::uint64_t member_clock, std::uint64_t event_clock,
                           std::uint64_t query_clock, bool left) {
  Snapshot s;
  s.alive.reserve(alive_.size());
  for (const auto& [name, addr] : alive_) s.alive.push_back({name, addr});
  s.member_clock = member_clock;
  s.event_clock = event_clock;
  s.query_clock = query_clock;
  s.left = left;
  changed_ = false;
  return s;
}

}  // namespace rumor::agent
