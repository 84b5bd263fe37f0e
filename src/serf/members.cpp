// Member status under the member Lamport clock (serf.go handleNode* and
// handleNode*Intent): memberlist says whether a member is reachable, Serf's join and
// leave intents say whether it means to be there. Alive + leave intent = leaving;
// leaving + memberlist death = left (graceful); alive + memberlist death = failed.
// Intents about members memberlist has not told us of yet wait in `intents_`.
//
// Two departures from serf.go, both about a graceful leave racing its own intent:
// - A leave intent message wins a tie with a status time that came from push/pull.
//   Push/pull carries a leaving member's leave time as a plain status time, which
//   serf.go then treats as a join; the real intent, arriving later with that same
//   time, was ignored and the leave showed as a failure until the next push/pull. A
//   node's own join and leave never share a time (each moves its clock on), so the tie
//   is safe. Ties stay with what we hold otherwise: push/pull also lists a member that
//   rejoined as left with its new join's time, and that must not undo the join.
// - When memberlist reports a graceful leave (the member's own dead message) before the
//   leave intent has reached us, we wait up to leave_propagate_delay for the intent
//   before calling it a failure. Serf always sends the intent first, but the dead
//   message can overtake it: it goes straight from the leaver, the intent often by a
//   rebroadcast, and memberlist's messages come first in a piggybacked packet.
#include <algorithm>

#include "serf/serf.hpp"
#include "serf/tags.hpp"

namespace rumor::serf {

const char* to_string(MemberStatus s) noexcept {
  switch (s) {
    case MemberStatus::none:
      return "none";
    case MemberStatus::alive:
      return "alive";
    case MemberStatus::leaving:
      return "leaving";
    case MemberStatus::left:
      return "left";
    case MemberStatus::failed:
      return "failed";
  }
  return "?";
}

const char* to_string(MemberEventType t) noexcept {
  switch (t) {
    case MemberEventType::join:
      return "member-join";
    case MemberEventType::leave:
      return "member-leave";
    case MemberEventType::failed:
      return "member-failed";
    case MemberEventType::update:
      return "member-update";
    case MemberEventType::reap:
      return "member-reap";
  }
  return "?";
}

namespace {

void remove_name(std::vector<std::string>& v, std::string_view name) {
  auto it = std::find(v.begin(), v.end(), name);
  if (it != v.end()) v.erase(it);
}

// What memberlist knows of a member, copied into Serf's view.
void absorb(Member& m, const core::Member& n) {
  m.address = n.address;
  // Go logs undecodable tags and keeps what it decoded; we keep none of a bad map.
  auto tags = decode_tags(n.meta);
  m.tags = tags ? std::move(*tags) : Tags{};
  auto v = [&](std::size_t i) -> std::uint8_t { return i < n.vsn.size() ? n.vsn[i] : 0; };
  m.protocol_min = v(0);
  m.protocol_max = v(1);
  m.protocol_cur = v(2);
  m.delegate_min = v(3);
  m.delegate_max = v(4);
  m.delegate_cur = v(5);
}

}  // namespace

void Serf::emit(MemberEventType type, const Member& m) {
  sink_.on_member_event(MemberEvent{type, {m}});
}

bool Serf::has_alive_members() const {
  for (const auto& [name, r] : members_)
    if (name != cfg_.memberlist.name && r.member.status == MemberStatus::alive) return true;
  return false;
}

bool Serf::upsert_intent(const std::string& node, MessageType type, LamportTime ltime,
                         IntentSource src) {
  auto it = intents_.find(node);
  if (it != intents_.end()) {
    const bool leave_wins_tie = type == MessageType::leave && src == IntentSource::message &&
                                it->second.type == MessageType::join && it->second.from_state;
    if (ltime < it->second.ltime || (ltime == it->second.ltime && !leave_wins_tie)) return false;
  }
  intents_[node] = Intent{type, ltime, now_, src == IntentSource::state};
  return true;
}

// ---- memberlist events ---------------------------------------------------------------

void Serf::notify_join(const core::Member& n) {
  awaiting_intent_.erase(n.name);
  MemberStatus old = MemberStatus::none;
  auto it = members_.find(n.name);
  if (it == members_.end()) {
    MemberRecord r;
    r.member.name = n.name;
    r.member.status = MemberStatus::alive;
    // An intent that arrived before memberlist told us of the member sets its status.
    if (auto in = intents_.find(n.name); in != intents_.end()) {
      r.status_ltime = in->second.ltime;
      r.status_from_state = in->second.from_state;
      if (in->second.type == MessageType::leave) r.member.status = MemberStatus::leaving;
    }
    it = members_.emplace(n.name, std::move(r)).first;
  } else {
    old = it->second.member.status;
    it->second.member.status = MemberStatus::alive;
    it->second.leave_time = Time{0};
  }
  absorb(it->second.member, n);
  if (old == MemberStatus::failed || old == MemberStatus::left) {
    remove_name(failed_, n.name);
    remove_name(left_, n.name);
  }
  emit(MemberEventType::join, it->second.member);
}

void Serf::notify_leave(const core::Member& n) {
  auto it = members_.find(n.name);
  if (it == members_.end()) return;
  MemberRecord& r = it->second;
  switch (r.member.status) {
    case MemberStatus::leaving:
      mark_left(r);
      return;
    case MemberStatus::alive:
      if (n.state == core::MemberState::left && cfg_.leave_propagate_delay > Duration{0}) {
        const Time until = now_ + cfg_.leave_propagate_delay;
        awaiting_intent_[n.name] = until;
        arm(until, Timer{TimerKind::leave_intent_grace, 0, {}});
        return;
      }
      mark_failed(r);
      return;
    default:
      return;  // Go logs "bad state when leave" and ignores it
  }
}

void Serf::mark_left(MemberRecord& r) {
  awaiting_intent_.erase(r.member.name);
  r.member.status = MemberStatus::left;
  r.leave_time = now_;
  left_.push_back(r.member.name);
  emit(MemberEventType::leave, r.member);
}

void Serf::mark_failed(MemberRecord& r) {
  awaiting_intent_.erase(r.member.name);
  r.member.status = MemberStatus::failed;
  r.leave_time = now_;
  failed_.push_back(r.member.name);
  emit(MemberEventType::failed, r.member);
}

// The grace for a missing leave intent is over: whoever is still alive in Serf's view
// and gone in memberlist's failed.
void Serf::await_leave_intent(Time now) {
  std::vector<std::string> due;
  for (const auto& [name, until] : awaiting_intent_)
    if (until <= now) due.push_back(name);
  for (const std::string& name : due) {
    awaiting_intent_.erase(name);
    auto it = members_.find(name);
    const auto state = node_->member_state(name);
    if (it == members_.end() || it->second.member.status != MemberStatus::alive) continue;
    if (state && *state != core::MemberState::dead && *state != core::MemberState::left) continue;
    mark_failed(it->second);
  }
}

void Serf::notify_update(const core::Member& n) {
  auto it = members_.find(n.name);
  if (it == members_.end()) return;
  absorb(it->second.member, n);
  emit(MemberEventType::update, it->second.member);
}

// ---- intents -------------------------------------------------------------------------

bool Serf::handle_join_intent(const JoinMsg& m, IntentSource src) {
  clock_.witness(m.ltime);
  auto it = members_.find(m.node);
  // Unknown member: remember the intent; rebroadcast only if it was news.
  if (it == members_.end()) return upsert_intent(m.node, MessageType::join, m.ltime, src);
  MemberRecord& r = it->second;
  if (m.ltime <= r.status_ltime) return false;
  r.status_ltime = m.ltime;
  r.status_from_state = src == IntentSource::state;
  // A leave intent older than this join no longer holds.
  if (r.member.status == MemberStatus::leaving) r.member.status = MemberStatus::alive;
  sink_.on_member_intent(MemberIntent{MemberIntent::Kind::join, m.node, m.ltime});
  return true;
}

bool Serf::handle_leave_intent(const LeaveMsg& m, IntentSource src) {
  clock_.witness(m.ltime);
  auto it = members_.find(m.node);
  if (it == members_.end()) return upsert_intent(m.node, MessageType::leave, m.ltime, src);
  MemberRecord& r = it->second;
  const bool wins_tie =
      src == IntentSource::message && r.status_from_state &&
      (r.member.status == MemberStatus::alive || r.member.status == MemberStatus::failed);
  if (m.ltime < r.status_ltime || (m.ltime == r.status_ltime && !wins_tie)) return false;

  // Someone says we are leaving while we are not: refute with a newer join intent.
  if (m.node == cfg_.memberlist.name && state_ == SerfState::alive) {
    broadcast_join(clock_.time());
    return false;
  }
  switch (r.member.status) {
    case MemberStatus::alive:
      r.member.status = MemberStatus::leaving;
      r.status_ltime = m.ltime;
      r.status_from_state = src == IntentSource::state;
      sink_.on_member_intent(MemberIntent{MemberIntent::Kind::leave, m.node, m.ltime});
      if (awaiting_intent_.count(m.node) != 0) mark_left(r);  // memberlist saw it go
      if (m.prune) prune(r);
      return true;
    case MemberStatus::failed:
      // force-leave: a failed member becomes left, and others drop it from their
      // failed lists when they see it among our LeftMembers.
      r.member.status = MemberStatus::left;
      r.status_ltime = m.ltime;
      r.status_from_state = src == IntentSource::state;
      remove_name(failed_, m.node);
      left_.push_back(m.node);
      sink_.on_member_intent(MemberIntent{MemberIntent::Kind::leave, m.node, m.ltime});
      emit(MemberEventType::leave, r.member);
      if (m.prune) prune(r);
      return true;
    case MemberStatus::leaving:
    case MemberStatus::left:
      // Departure: Go leaves status_ltime alone here, so every later copy of this same
      // intent is rebroadcast again; recording it makes the intent spread once.
      r.status_ltime = m.ltime;
      r.status_from_state = src == IntentSource::state;
      if (m.prune) prune(r);
      return true;
    case MemberStatus::none:
      return false;
  }
  return false;
}

void Serf::broadcast_join(LamportTime ltime) {
  JoinMsg msg{ltime, cfg_.memberlist.name};
  clock_.witness(ltime);
  handle_join_intent(msg);
  intent_q_.push(encoded(msg));
  node_->news_queued();
}

void Serf::prune(MemberRecord& r) {
  // Go sleeps BroadcastTimeout + LeavePropagateDelay before erasing a member still
  // leaving, so its leave can finish; we arm a timer for then instead.
  if (r.member.status == MemberStatus::leaving) {
    arm(now_ + cfg_.broadcast_timeout + cfg_.leave_propagate_delay,
        Timer{TimerKind::prune, r.status_ltime, r.member.name});
    return;
  }
  erase_pruned(std::string(r.member.name));
}

void Serf::erase_pruned(const std::string& name) {
  remove_name(left_, name);
  remove_name(failed_, name);
  erase_member(name);
}

void Serf::erase_member(const std::string& name) {
  auto it = members_.find(name);
  if (it == members_.end()) return;
  const Member m = it->second.member;
  members_.erase(it);
  emit(MemberEventType::reap, m);
}

void Serf::reap(Time now) {
  auto sweep = [&](std::vector<std::string>& list, Duration timeout) {
    for (std::size_t i = 0; i < list.size();) {
      auto it = members_.find(list[i]);
      if (it != members_.end() && now - it->second.leave_time <= timeout) {
        ++i;
        continue;
      }
      const std::string name = list[i];
      list.erase(list.begin() + static_cast<std::ptrdiff_t>(i));
      erase_member(name);
    }
  };
  sweep(failed_, cfg_.reconnect_timeout);
  sweep(left_, cfg_.tombstone_timeout);
  std::erase_if(intents_,
                [&](const auto& kv) { return now - kv.second.seen > cfg_.recent_intent_timeout; });
}

// ---- calls ---------------------------------------------------------------------------

SerfStatus Serf::force_leave(std::string_view node, bool prune_it, Time now) {
  if (stopped()) return SerfError::bad_state;
  enter(now);
  LeaveMsg msg{clock_.time(), std::string(node), prune_it};
  clock_.increment();
  handle_leave_intent(msg);
  if (has_alive_members()) {
    intent_q_.push(encoded(msg));
    node_->news_queued();
  }
  return Done{};
}

SerfStatus Serf::set_tags(Tags tags, Time now) {
  if (state_ != SerfState::alive) return SerfError::bad_state;
  if (encode_tags(tags).size() > cfg_.memberlist.meta_max) return SerfError::too_large;
  enter(now);
  cfg_.tags = std::move(tags);
  node_->update_meta(now);
  // memberlist's UpdateNode reports our own update locally; the core's refute does not,
  // so we do it here.
  auto it = members_.find(cfg_.memberlist.name);
  if (it != members_.end()) {
    absorb(it->second.member, node_->self());
    emit(MemberEventType::update, it->second.member);
  }
  return Done{};
}

const Member& Serf::local_member() const {
  static const Member kNone{};
  auto it = members_.find(cfg_.memberlist.name);
  return it == members_.end() ? kNone : it->second.member;
}

const Member* Serf::member(std::string_view name) const {
  auto it = members_.find(name);
  return it == members_.end() ? nullptr : &it->second.member;
}

std::vector<Member> Serf::members() const {
  std::vector<Member> out;
  out.reserve(members_.size());
  for (const auto& [name, r] : members_) out.push_back(r.member);
  return out;
}

}  // namespace rumor::serf
