#include "websim/sessions.hpp"

#include <cstdio>

namespace rumor::websim {

Sessions::Sessions(Limits limits, std::function<Clock::time_point()> now)
    : limits_(limits), now_(std::move(now)), ids_(std::random_device{}()) {}

std::unique_ptr<Session> Sessions::build(const Query& q) const {
  // "engine", the page's word; "kind" is still read, for links made before.
  auto it = q.find("engine");
  if (it == q.end()) it = q.find("kind");
  const std::string engine = it == q.end() ? "lab" : it->second;
  if (engine == "lab")
    return std::make_unique<Session>(std::in_place_type<LabSession>, q, limits_.max_lab_nodes);
  if (engine == "protocol")
    return std::make_unique<Session>(std::in_place_type<ProtocolSession>, q,
                                     limits_.max_protocol_nodes);
  throw ParamError("engine", "one of lab | protocol");
}

std::string Sessions::create(const Query& q) {
  {
    std::lock_guard lock(mu_);
    expire(now_());
    if (sessions_.size() >= limits_.max_sessions)
      throw SessionsFull("too many sessions (" + std::to_string(limits_.max_sessions) +
                         "); idle ones are forgotten after " +
                         std::to_string(limits_.idle.count()) + " s");
  }
  // Built outside the lock: a protocol cluster takes a moment to come up.
  auto s = build(q);
  std::lock_guard lock(mu_);
  if (sessions_.size() >= limits_.max_sessions) throw SessionsFull("too many sessions");
  std::string id;
  do {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(ids_()));
    id = buf;
  } while (sessions_.count(id));
  sessions_[id] = Entry{std::move(s), q, now_()};
  return id;
}

bool Sessions::reset(const std::string& id) {
  Query q;
  {
    std::lock_guard lock(mu_);
    const auto it = sessions_.find(id);
    if (it == sessions_.end()) return false;
    q = it->second.query;
  }
  auto s = build(q);
  std::lock_guard lock(mu_);
  const auto it = sessions_.find(id);
  if (it == sessions_.end()) return false;
  it->second.session = std::move(s);
  it->second.used = now_();
  return true;
}

bool Sessions::with(const std::string& id, const std::function<void(Session&)>& fn) {
  std::lock_guard lock(mu_);
  expire(now_());
  const auto it = sessions_.find(id);
  if (it == sessions_.end()) return false;
  it->second.used = now_();
  fn(*it->second.session);
  return true;
}

bool Sessions::erase(const std::string& id) {
  std::lock_guard lock(mu_);
  return sessions_.erase(id) > 0;
}

std::size_t Sessions::size() const {
  std::lock_guard lock(mu_);
  return sessions_.size();
}

void Sessions::expire(Clock::time_point now) {
  for (auto it = sessions_.begin(); it != sessions_.end();)
    it = now - it->second.used >= limits_.idle ? sessions_.erase(it) : std::next(it);
}

}  // namespace rumor::websim
