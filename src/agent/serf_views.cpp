#include "agent/serf_views.hpp"

namespace rumor::agent {

MemberInfo member_info(const serf::Member& m) {
  MemberInfo r;
  r.name = m.name;
  r.addr = m.address.ip.to_string();
  r.ip.assign(m.address.ip.view().begin(), m.address.ip.view().end());
  r.port = m.address.port;
  r.tags = m.tags;
  r.status = serf::to_string(m.status);
  copy_versions(m, r);
  return r;
}

EventType event_type(serf::MemberEventType t) noexcept {
  switch (t) {
    case serf::MemberEventType::join:
      return EventType::member_join;
    case serf::MemberEventType::leave:
      return EventType::member_leave;
    case serf::MemberEventType::failed:
      return EventType::member_failed;
    case serf::MemberEventType::update:
      return EventType::member_update;
    case serf::MemberEventType::reap:
      return EventType::member_reap;
  }
  return EventType::member_update;
}

std::string error_text(serf::SerfError e) {
  return std::string("serf: ") + serf::to_string(e);
}

}  // namespace rumor::agent
