// Serf's lifecycle, input plumbing, timers, and the core::Delegate hooks that carry
// Serf's messages and push/pull state. Member, event and query rules live in
// members.cpp, user_events.cpp and queries.cpp.
#include "serf/serf.hpp"

#include <algorithm>

#include "serf/tags.hpp"

namespace rumor::serf {

const char* to_string(SerfState s) noexcept {
  switch (s) {
    case SerfState::alive:
      return "alive";
    case SerfState::leaving:
      return "leaving";
    case SerfState::left:
      return "left";
    case SerfState::shutdown:
      return "shutdown";
  }
  return "?";
}

const char* to_string(SerfError e) noexcept {
  switch (e) {
    case SerfError::too_large:
      return "too large";
    case SerfError::bad_state:
      return "not allowed in this state";
    case SerfError::not_supported:
      return "not supported by this protocol version";
    case SerfError::already_responded:
      return "response already sent";
    case SerfError::past_deadline:
      return "past the query deadline";
    case SerfError::unknown_query:
      return "no such query";
    case SerfError::bad_key:
      return "not a base64 key";
  }
  return "?";
}

namespace {

core::Config memberlist_config(const Config& cfg) {
  core::Config m = cfg.memberlist;
  m.delegate_min = kProtocolVersionMin;
  m.delegate_max = kProtocolVersionMax;
  m.delegate_cur = cfg.protocol_version;
  // One reconnect mechanism, the core's; see serf.hpp.
  m.reconnect_interval = cfg.reconnect_interval;
  m.reconnect_timeout = cfg.reconnect_timeout;
  return m;
}

}  // namespace

Serf::Serf(Config config, core::Effects& fx, EventSink& sink, std::uint64_t seed,
           std::shared_ptr<core::Identities> identities)
    : cfg_(std::move(config)),
      sink_(sink),
      // Our own draws (query IDs, relay members) must not perturb the node's sequence.
      rng_(seed ^ 0x5e7f5e7f5e7f5e7fULL),
      ids_(identities ? std::move(identities) : std::make_shared<core::Identities>()),
      members_(*ids_),
      coord_client_(cfg_.coordinates, seed ^ 0xc00dc00dc00dc00dULL),
      event_ring_(cfg_.event_buffer),
      query_ring_(cfg_.query_buffer) {
  cfg_.memberlist = memberlist_config(cfg_);
  // Serf starts every clock at 1, so the zero LTime of a missing field is always old.
  clock_.increment();
  event_clock_.increment();
  query_clock_.increment();
  node_ = std::make_unique<core::Node>(cfg_.memberlist, fx, static_cast<core::Delegate*>(this),
                                       seed, ids_);
  if (!cfg_.disable_coordinates) coord_cache_[cfg_.memberlist.name] = coord_client_.coordinate();
}

Serf::~Serf() = default;

int Serf::retransmit_limit() const {
  // Serf's queues count Serf's members (failed and left included), as NumNodes does.
  return cfg_.memberlist.retransmit_limit(members_.size());
}

std::size_t Serf::queued_broadcasts() const {
  return intent_q_.size() + event_q_.size() + query_q_.size();
}

// serf.go's checkQueueDepth: a queue only drains by being sent, so with nobody to send
// to (alone, or cut off) it would grow with every event; keep the newest instead.
void Serf::check_queue_depth() {
  std::size_t max = cfg_.max_queue_depth;
  if (cfg_.min_queue_depth > 0) max = std::max(2 * members_.size(), cfg_.min_queue_depth);
  for (core::BroadcastQueue* q : {&intent_q_, &event_q_, &query_q_})
    pruned_broadcasts_ += q->prune(max);
}

// ---- lifecycle -----------------------------------------------------------------------

void Serf::start(Time now) {
  if (started_ || stopped()) return;
  started_ = true;
  enter(now);
  node_->start(now);
  arm(now + cfg_.reap_interval, Timer{TimerKind::reap, 0, {}});
  arm(now + cfg_.queue_check_interval, Timer{TimerKind::queue_check, 0, {}});
}

SerfStatus Serf::join(std::span<const Address> seeds, bool ignore_old, Time now) {
  if (state_ != SerfState::alive || !started_) return SerfError::bad_state;
  enter(now);
  if (seeds.empty()) {
    sink_.on_join_done(0);
    return Done{};
  }
  // Go holds joinLock and sets eventJoinIgnore for the duration of memberlist.Join; we
  // keep the flag until the last seed has answered or failed.
  join_pending_ += seeds.size();
  join_ignore_old_ = join_ignore_old_ || ignore_old;
  node_->join(seeds, now);
  return Done{};
}

void Serf::notify_join_result(const Address& /*seed*/, bool ok) {
  if (join_pending_ == 0) return;  // a reconnect or someone else's join
  --join_pending_;
  if (ok) ++join_ok_;
  if (join_pending_ > 0) return;
  const std::size_t contacted = join_ok_;
  join_ok_ = 0;
  join_ignore_old_ = false;
  if (contacted > 0 && state_ == SerfState::alive) broadcast_join(clock_.time());
  sink_.on_join_done(contacted);
}

SerfStatus Serf::leave(Time now) {
  if (state_ == SerfState::left) return Done{};
  if (state_ != SerfState::alive || !started_) return SerfError::bad_state;
  enter(now);
  state_ = SerfState::leaving;
  LeaveMsg msg{clock_.time(), cfg_.memberlist.name, false};
  clock_.increment();
  handle_leave_intent(msg);
  if (has_alive_members()) {
    Bytes raw = encoded(msg);
    leave_intent_ = intent_q_.push(std::move(raw));
    node_->news_queued();
    leave_phase_ = LeavePhase::intent;
    leave_deadline_ = now + cfg_.broadcast_timeout;
  } else {
    node_->leave(now);
    leave_phase_ = LeavePhase::memberlist;
    leave_deadline_ = now + cfg_.broadcast_timeout;
  }
  arm(now, Timer{TimerKind::leave_step, 0, {}});
  return Done{};
}

void Serf::leave_step(Time now) {
  switch (leave_phase_) {
    case LeavePhase::none:
      return;
    case LeavePhase::intent:
      // Go waits for the broadcast's notify channel: the intent has been transmitted
      // retransmit_limit times. Departure: after broadcast_timeout we go on anyway.
      if (leave_intent_ && intent_q_.contains(*leave_intent_) && now < leave_deadline_) break;
      node_->leave(now);
      leave_phase_ = LeavePhase::memberlist;
      leave_deadline_ = now + cfg_.broadcast_timeout;
      break;
    case LeavePhase::memberlist:
      if (!node_->leave_propagated() && now < leave_deadline_) break;
      leave_phase_ = LeavePhase::propagate;
      leave_deadline_ = now + cfg_.leave_propagate_delay;
      arm(leave_deadline_, Timer{TimerKind::leave_step, 0, {}});
      return;
    case LeavePhase::propagate:
      if (now < leave_deadline_) break;
      leave_phase_ = LeavePhase::none;
      if (state_ == SerfState::leaving) state_ = SerfState::left;
      sink_.on_left();
      return;
  }
  arm(now + cfg_.memberlist.gossip_interval, Timer{TimerKind::leave_step, 0, {}});
}

void Serf::shutdown() {
  state_ = SerfState::shutdown;
  timers_.clear();
}

// ---- inputs --------------------------------------------------------------------------

void Serf::on_packet(const Address& from, ByteView packet, Time now) {
  if (stopped()) return;
  enter(now);
  node_->on_packet(from, packet, now);
}

void Serf::on_stream(core::StreamId id, const Address& from, ByteView request, Time now) {
  if (stopped()) return;
  enter(now);
  node_->on_stream(id, from, request, now);
}

void Serf::on_stream_reply(core::StreamId id, ByteView reply, Time now) {
  if (stopped()) return;
  enter(now);
  node_->on_stream_reply(id, reply, now);
}

void Serf::on_stream_failed(core::StreamId id, Time now) {
  if (stopped()) return;
  enter(now);
  node_->on_stream_failed(id, now);
}

Time Serf::next_deadline() const {
  if (stopped()) return core::kNever;
  return std::min(timers_.next(), node_->next_deadline());
}

void Serf::arm(Time at, Timer t) {
  t.at = at;
  timers_.arm(std::move(t));
}

void Serf::on_timeout(Time now) {
  if (stopped()) return;
  enter(now);
  while (timers_.due(now) && !stopped()) {
    Timer t = timers_.pop();
    switch (t.kind) {
      case TimerKind::reap:
        reap(now);
        forget_departed_coordinates();
        arm(now + cfg_.reap_interval, Timer{TimerKind::reap, 0, {}});
        break;
      case TimerKind::query_done:
        finish_query(t.ltime);
        break;
      case TimerKind::leave_step:
        leave_step(now);
        break;
      case TimerKind::prune: {
        // As Go, the member goes once the delay is over, leaving or left; unlike Go, not
        // when it has moved on since (refuted with a newer join, or a newer intent).
        const MemberId id = members_.find(t.name);
        if (id != MemberStore::kNone && members_.at(id).status_ltime == t.ltime &&
            members_.at(id).status != MemberStatus::alive)
          erase_pruned(t.name);
        break;
      }
      case TimerKind::leave_intent_grace:
        await_leave_intent(now);
        break;
      case TimerKind::queue_check:
        check_queue_depth();
        arm(now + cfg_.queue_check_interval, Timer{TimerKind::queue_check, 0, {}});
        break;
    }
  }
  if (!stopped() && node_->next_deadline() <= now) node_->on_timeout(now);
}

// ---- core::Delegate: meta, messages, broadcasts, push/pull ---------------------------

Bytes Serf::node_meta(std::size_t /*limit*/) {
  // set_tags() refuses tags whose encoding exceeds meta_max, so this always fits.
  if (cfg_.protocol_version < 3) {
    auto it = cfg_.tags.find("role");
    if (it == cfg_.tags.end()) return {};
    return Bytes(it->second.begin(), it->second.end());
  }
  return encode_tags(cfg_.tags);
}

void Serf::notify_message(ByteView msg) {
  if (msg.empty() || stopped()) return;
  const ByteView body = msg.subspan(1);
  bool rebroadcast = false;
  core::BroadcastQueue* queue = &intent_q_;
  switch (static_cast<MessageType>(msg[0])) {
    case MessageType::leave:
      if (auto m = decode_leave(body)) rebroadcast = handle_leave_intent(*m);
      break;
    case MessageType::join:
      if (auto m = decode_join(body)) rebroadcast = handle_join_intent(*m);
      break;
    case MessageType::user_event:
      if (auto m = decode_user_event(body)) rebroadcast = handle_user_event(*m);
      queue = &event_q_;
      break;
    case MessageType::query:
      if (auto m = decode_query(body)) rebroadcast = handle_query(*m);
      queue = &query_q_;
      break;
    case MessageType::query_response:
      if (auto m = decode_query_response(body)) handle_query_response(*m);
      break;
    case MessageType::relay:
      // Forward the inner message, unchanged, to where the querier listens.
      if (auto m = decode_relay(body)) node_->send_user_message(m->dest, m->message, false, now_);
      break;
    default:
      break;  // Go logs unknown types and drops them; so do we (without the log)
  }
  // Re-broadcast exactly the bytes we received, as Serf does. With eager gossip (the
  // memberlist config's eager_gossip_interval) the core sends it on at once; news_queued
  // only arms a timer, so calling it inside the node's input is safe.
  if (rebroadcast) {
    queue->push(Bytes(msg.begin(), msg.end()));
    node_->news_queued();
  }
}

void Serf::get_broadcasts(std::size_t overhead, std::size_t limit, std::vector<Bytes>& out) {
  // Serf's order: intents, then queries, then user events, sharing one budget.
  const int rl = retransmit_limit();
  std::size_t used = intent_q_.take(overhead, limit, rl, out);
  used += query_q_.take(overhead, limit - std::min(limit, used), rl, out);
  event_q_.take(overhead, limit - std::min(limit, used), rl, out);
}

Bytes Serf::local_state(bool /*join*/) {
  PushPullMsg pp;
  pp.ltime = clock_.time();
  members_.for_each([&](MemberId id, const MemberRecord& r) {
    pp.status_ltimes[members_.name(id)] = r.status_ltime;
  });
  pp.left_members.reserve(left_.size());
  for (const Departed& d : left_) pp.left_members.push_back(d.name);
  pp.event_ltime = event_clock_.time();
  pp.events = event_ring_.slots();
  pp.query_ltime = query_clock_.time();
  return encoded(pp);
}

void Serf::merge_remote_state(ByteView state, bool join) {
  if (state.empty() || stopped()) return;
  if (static_cast<MessageType>(state[0]) != MessageType::push_pull) return;
  auto pp = decode_push_pull(state.subspan(1));
  if (!pp) return;
  // No message has been sent yet with the remote's current times: witness them minus one.
  if (pp->ltime > 0) clock_.witness(pp->ltime - 1);
  if (pp->event_ltime > 0) event_clock_.witness(pp->event_ltime - 1);
  if (pp->query_ltime > 0) query_clock_.witness(pp->query_ltime - 1);

  // Left members first, so their status times are not bumped by the joins below.
  std::set<std::string, std::less<>> left(pp->left_members.begin(), pp->left_members.end());
  for (const std::string& name : pp->left_members) {
    auto it = pp->status_ltimes.find(name);
    const LamportTime t = it == pp->status_ltimes.end() ? 0 : it->second;
    handle_leave_intent(LeaveMsg{t, name, false}, IntentSource::state);
  }
  for (const auto& [name, t] : pp->status_ltimes) {
    if (left.count(name) != 0) continue;
    handle_join_intent(JoinMsg{t, name}, IntentSource::state);
  }

  // Joining with ignore_old: nothing older than the seed's event clock is replayed.
  if (join && join_ignore_old_) event_ring_.raise_min_time(pp->event_ltime);

  for (const auto& slot : pp->events) {
    if (!slot) continue;
    for (const EventRecord& e : slot->events)
      handle_user_event(UserEventMsg{slot->ltime, e.name, e.payload, false});
  }
}

}  // namespace rumor::serf
