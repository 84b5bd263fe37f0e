// Member and user event coalescing; see coalesce.hpp.
#include "serf/coalesce.hpp"

#include <algorithm>

namespace rumor::serf {

void CoalesceWindow::touch(Time now) {
  if (!quantum_end_) quantum_end_ = now + quantum_;
  quiet_end_ = now + quiet_;
}

Time CoalesceWindow::deadline() const {
  if (!quantum_end_) return core::kNever;
  return std::min(*quantum_end_, *quiet_end_);
}

void MemberEventCoalescer::add(const MemberEvent& e, Time now) {
  window_.touch(now);
  for (const Member& m : e.members) pending_[m.name] = Latest{e.type, m};
}

std::vector<MemberEvent> MemberEventCoalescer::flush_due(Time now) {
  if (!window_.due(now)) return {};
  return flush();
}

std::vector<MemberEvent> MemberEventCoalescer::flush() {
  window_.close();
  std::map<MemberEventType, MemberEvent> by_type;
  for (auto& [name, latest] : pending_) {
    auto last = last_delivered_.find(name);
    if (last != last_delivered_.end() && last->second.type == latest.type &&
        (latest.type != MemberEventType::update || last->second.member == latest.member))
      continue;
    last_delivered_[name] = latest;
    auto [it, _] = by_type.try_emplace(latest.type, MemberEvent{latest.type, {}});
    it->second.members.push_back(latest.member);
  }
  pending_.clear();
  std::vector<MemberEvent> out;
  for (auto& [type, e] : by_type) out.push_back(std::move(e));
  return out;
}

bool UserEventCoalescer::add(const UserEvent& e, Time now) {
  if (!e.coalesce) return false;
  window_.touch(now);
  Latest& latest = pending_[e.name];
  if (latest.events.empty() || latest.ltime < e.ltime) {
    latest.ltime = e.ltime;
    latest.events.assign(1, e);
  } else if (latest.ltime == e.ltime) {
    latest.events.push_back(e);
  }
  return true;
}

std::vector<UserEvent> UserEventCoalescer::flush_due(Time now) {
  if (!window_.due(now)) return {};
  return flush();
}

std::vector<UserEvent> UserEventCoalescer::flush() {
  window_.close();
  std::vector<UserEvent> out;
  for (auto& [name, latest] : pending_)
    for (auto& e : latest.events) out.push_back(std::move(e));
  pending_.clear();
  return out;
}

}  // namespace rumor::serf
