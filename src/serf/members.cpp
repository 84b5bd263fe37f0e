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
//   leave intent has reached us, we wait up to leave_propagate_delay for the intent. Serf
//   always sends the intent first, but the dead message can overtake it: it goes straight
//   from the leaver, the intent often by a rebroadcast, and memberlist's messages come
//   first in a piggybacked packet. If the intent never comes, the member has left all the
//   same: memberlist's left state is the member's own death notice, which only a graceful
//   leave sends (Serf sends the intent before it). serf.go calls it failed; a member that
//   joined while another was leaving missed the intent (push/pull lists left members, not
//   leaving ones) and recorded a graceful leave as a failure, which also keeps it trying
//   to reconnect.
#include <algorithm>
#include <optional>

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

// `name`'s entry on a failed or left list, or end().
template <class List>
auto find_departed(List& v, std::string_view name) {
  return std::find_if(v.begin(), v.end(), [&](const auto& d) { return d.name == name; });
}

template <class List>
void remove_name(List& v, std::string_view name) {
  if (auto it = find_departed(v, name); it != v.end()) v.erase(it);
}

// What memberlist's report that a member is gone means to Serf, with no leave intent:
// its left state is the member's own death notice, which only a graceful leave sends.
MemberStatus departure_without_intent(std::optional<core::MemberState> memberlist) {
  return memberlist == core::MemberState::left ? MemberStatus::left : MemberStatus::failed;
}

}  // namespace

void Serf::emit(MemberEventType type, MemberId id) {
  sink_.on_member_event(MemberEvent{type, {members_.member(id)}});
}

bool Serf::has_alive_members() const {
  return members_.any_of([&](MemberId id, const MemberRecord& r) {
    return r.status == MemberStatus::alive && members_.name(id) != cfg_.memberlist.name;
  });
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
  MemberId id = members_.find(n.name);
  if (id == MemberStore::kNone) {
    id = members_.add(n, MemberStatus::alive);
    MemberRecord& r = members_.at(id);
    // An intent that arrived before memberlist told us of the member sets its status.
    if (auto in = intents_.find(n.name); in != intents_.end()) {
      r.status_ltime = in->second.ltime;
      r.status_from_state = in->second.from_state;
      if (in->second.type == MessageType::leave) r.status = MemberStatus::leaving;
    }
  } else {
    MemberRecord& r = members_.at(id);
    old = r.status;
    r.status = MemberStatus::alive;
    members_.absorb(id, n);
  }
  if (old == MemberStatus::failed || old == MemberStatus::left) {
    remove_name(failed_, n.name);
    remove_name(left_, n.name);
  }
  emit(MemberEventType::join, id);
}

void Serf::notify_leave(const core::Member& n) {
  const MemberId id = members_.find(n.name);
  if (id == MemberStore::kNone) return;
  switch (members_.at(id).status) {
    case MemberStatus::leaving:
      mark_departed(id, MemberStatus::left);
      return;
    case MemberStatus::alive:
      if (n.state == core::MemberState::left && cfg_.leave_propagate_delay > Duration{0}) {
        const Time until = now_ + cfg_.leave_propagate_delay;
        awaiting_intent_[n.name] = until;
        arm(until, Timer{TimerKind::leave_intent_grace, 0, {}});
        return;
      }
      mark_departed(id, departure_without_intent(n.state));
      return;
    default:
      return;  // Go logs "bad state when leave" and ignores it
  }
}

// Left or failed: the member stays on the matching list until it is reaped.
void Serf::mark_departed(MemberId id, MemberStatus status) {
  const std::string& name = members_.name(id);
  awaiting_intent_.erase(name);
  MemberRecord& r = members_.at(id);
  r.status = status;
  const bool left = status == MemberStatus::left;
  (left ? left_ : failed_).push_back(Departed{name, now_});
  emit(left ? MemberEventType::leave : MemberEventType::failed, id);
}

// The grace for a missing leave intent is over: whoever is still alive in Serf's view
// and gone in memberlist's has left if memberlist saw it leave, else failed.
void Serf::await_leave_intent(Time now) {
  std::vector<std::string> due;
  for (const auto& [name, until] : awaiting_intent_)
    if (until <= now) due.push_back(name);
  for (const std::string& name : due) {
    awaiting_intent_.erase(name);
    const MemberId id = members_.find(name);
    const auto state = node_->member_state(name);
    if (id == MemberStore::kNone || members_.at(id).status != MemberStatus::alive) continue;
    if (state && *state != core::MemberState::dead && *state != core::MemberState::left) continue;
    mark_departed(id, departure_without_intent(state));
  }
}

void Serf::notify_update(const core::Member& n) {
  const MemberId id = members_.find(n.name);
  if (id == MemberStore::kNone) return;
  members_.absorb(id, n);
  emit(MemberEventType::update, id);
}

// ---- intents -------------------------------------------------------------------------

bool Serf::handle_join_intent(const JoinMsg& m, IntentSource src) {
  clock_.witness(m.ltime);
  const MemberId id = members_.find(m.node);
  // Unknown member: remember the intent; rebroadcast only if it was news.
  if (id == MemberStore::kNone) return upsert_intent(m.node, MessageType::join, m.ltime, src);
  MemberRecord& r = members_.at(id);
  if (m.ltime <= r.status_ltime) return false;
  r.status_ltime = m.ltime;
  r.status_from_state = src == IntentSource::state;
  // A leave intent older than this join no longer holds.
  if (r.status == MemberStatus::leaving) r.status = MemberStatus::alive;
  sink_.on_member_intent(MemberIntent{MemberIntent::Kind::join, m.node, m.ltime});
  return true;
}

bool Serf::handle_leave_intent(const LeaveMsg& m, IntentSource src) {
  clock_.witness(m.ltime);
  const MemberId id = members_.find(m.node);
  if (id == MemberStore::kNone) return upsert_intent(m.node, MessageType::leave, m.ltime, src);
  MemberRecord& r = members_.at(id);
  const bool wins_tie = src == IntentSource::message && r.status_from_state &&
                        (r.status == MemberStatus::alive || r.status == MemberStatus::failed);
  if (m.ltime < r.status_ltime || (m.ltime == r.status_ltime && !wins_tie)) return false;

  // Someone says we are leaving while we are not: refute with a newer join intent.
  if (m.node == cfg_.memberlist.name && state_ == SerfState::alive) {
    broadcast_join(clock_.time());
    return false;
  }
  switch (r.status) {
    case MemberStatus::alive:
      r.status = MemberStatus::leaving;
      r.status_ltime = m.ltime;
      r.status_from_state = src == IntentSource::state;
      sink_.on_member_intent(MemberIntent{MemberIntent::Kind::leave, m.node, m.ltime});
      if (awaiting_intent_.count(m.node) != 0)
        mark_departed(id, MemberStatus::left);  // memberlist saw it go
      if (m.prune) prune(id);
      return true;
    case MemberStatus::failed:
      // force-leave: a failed member becomes left, and others drop it from their
      // failed lists when they see it among our LeftMembers.
      r.status = MemberStatus::left;
      r.status_ltime = m.ltime;
      r.status_from_state = src == IntentSource::state;
      // Go keeps the member's leave time: the tombstone runs from when it failed.
      if (auto it = find_departed(failed_, m.node); it != failed_.end()) {
        left_.push_back(Departed{m.node, it->since});
        failed_.erase(it);
      } else {
        left_.push_back(Departed{m.node, now_});
      }
      sink_.on_member_intent(MemberIntent{MemberIntent::Kind::leave, m.node, m.ltime});
      emit(MemberEventType::leave, id);
      if (m.prune) prune(id);
      return true;
    case MemberStatus::leaving:
    case MemberStatus::left:
      // Departure: Go leaves status_ltime alone here, so every later copy of this same
      // intent is rebroadcast again; recording it makes the intent spread once.
      r.status_ltime = m.ltime;
      r.status_from_state = src == IntentSource::state;
      if (m.prune) prune(id);
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

void Serf::prune(MemberId id) {
  // Go sleeps BroadcastTimeout + LeavePropagateDelay before erasing a member still
  // leaving, so its leave can finish; we arm a timer for then instead.
  const MemberRecord& r = members_.at(id);
  if (r.status == MemberStatus::leaving) {
    arm(now_ + cfg_.broadcast_timeout + cfg_.leave_propagate_delay,
        Timer{TimerKind::prune, r.status_ltime, members_.name(id)});
    return;
  }
  erase_pruned(std::string(members_.name(id)));
}

void Serf::erase_pruned(const std::string& name) {
  remove_name(left_, name);
  remove_name(failed_, name);
  erase_member(name);
}

void Serf::erase_member(const std::string& name) {
  const MemberId id = members_.find(name);
  if (id == MemberStore::kNone) return;
  Member m = members_.member(id);
  members_.erase(id);
  sink_.on_member_event(MemberEvent{MemberEventType::reap, {std::move(m)}});
}

void Serf::reap(Time now) {
  auto sweep = [&](std::vector<Departed>& list, Duration timeout) {
    for (std::size_t i = 0; i < list.size();) {
      if (members_.find(list[i].name) != MemberStore::kNone && now - list[i].since <= timeout) {
        ++i;
        continue;
      }
      const std::string name = list[i].name;
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
  if (const MemberId id = members_.find(cfg_.memberlist.name); id != MemberStore::kNone) {
    members_.absorb(id, node_->self());
    emit(MemberEventType::update, id);
  }
  return Done{};
}

Member Serf::local_member() const {
  const MemberId id = members_.find(cfg_.memberlist.name);
  return id == MemberStore::kNone ? Member{} : members_.member(id);
}

std::optional<Member> Serf::member(std::string_view name) const {
  const MemberId id = members_.find(name);
  if (id == MemberStore::kNone) return std::nullopt;
  return members_.member(id);
}

MemberStatus Serf::member_status(std::string_view name) const noexcept {
  const MemberId id = members_.find(name);
  return id == MemberStore::kNone ? MemberStatus::none : members_.at(id).status;
}

std::vector<Member> Serf::members() const {
  std::vector<Member> out;
  out.reserve(members_.size());
  for (const MemberId id : members_.by_name()) out.push_back(members_.member(id));
  return out;
}

}  // namespace rumor::serf
