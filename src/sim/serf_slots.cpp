// The Serf layer in the engine: Serf nodes, their calls (user events, queries, tags)
// and what their SerfSinks report. Part of Engine; kept apart so that engine.cpp stays
// the network's plumbing, which both kinds of node share.
#include <string>

#include "serf/tags.hpp"
#include "sim/broadcast_log.hpp"
#include "sim/engine.hpp"
#include "sim/node_effects.hpp"
#include "sim/serf_sink.hpp"

namespace rumor::sim {

NodeId Engine::add_serf_node(const serf::Config& cfg, serf::EventSink* above) {
  const NodeId id = add_slot(cfg.memberlist);
  Slot& s = slots_[id];
  if (!cfg.memberlist.name.empty()) {
    s.config.name = cfg.memberlist.name;
    ids_->acquire_name(s.config.name);
  }
  s.above = above;
  s.serf_config = std::make_unique<serf::Config>(cfg);
  ++serf_nodes_;
  make_node(id, cfg.memberlist.initial_incarnation);
  return id;
}

void Engine::preconverge(const serf::Config& cfg, std::size_t n) {
  const auto first = static_cast<NodeId>(slots_.size());
  for (std::size_t i = 0; i < n; ++i) add_serf_node(cfg);
  restore_everyone(first);
}

void Engine::make_serf(NodeId n, core::Config memberlist) {
  Slot& s = slots_[n];
  s.serf.reset();  // the old Serf refers to the old sink
  serf::Config c = *s.serf_config;
  c.memberlist = std::move(memberlist);
  s.sink = std::make_unique<SerfSink>(*this, n, s.above);
  s.serf = std::make_unique<serf::Serf>(std::move(c), *s.fx, *s.sink, node_seed(n), ids_);
  s.sink->attach(s.serf.get());
  s.node = &s.serf->node();
}

std::uint64_t Engine::user_event(NodeId origin, std::size_t payload_bytes, bool coalesce) {
  const std::uint64_t id = next_broadcast_++;
  Slot& s = slots_[origin];
  if (s.state != NodeState::up || !s.serf) return id;
  // Announced, not delivered: Serf hands the event to the origin's own sink at once,
  // and that is its first delivery.
  broadcasts_.announce(id, origin, now_);
  ++serf_.events_sent;
  user_events_.push_back(id);
  trace_.add(static_cast<std::uint64_t>(now_.count()));
  trace_.add(0x5e00000000000000ULL | id);
  const Bytes payload = make_broadcast_payload(id, payload_bytes);
  (void)s.serf->user_event("sim-event", payload, coalesce, now_);
  reschedule(origin);
  return id;
}

serf::SerfStatus Engine::user_event(NodeId n, std::string_view name, ByteView payload,
                                    bool coalesce) {
  Slot& s = slots_[n];
  if (s.state != NodeState::up || !s.serf) return serf::SerfError::bad_state;
  serf::SerfStatus r = s.serf->user_event(name, payload, coalesce, now_);
  reschedule(n);
  return r;
}

std::optional<serf::QueryKey> Engine::query(NodeId n, std::string_view name, ByteView payload,
                                            const serf::QueryParams& params) {
  Slot& s = slots_[n];
  if (s.state != NodeState::up || !s.serf) return std::nullopt;
  auto r = s.serf->query(name, payload, params, now_);
  reschedule(n);
  if (!r) return std::nullopt;
  ++serf_.queries_sent;
  return *r;
}

serf::SerfStatus Engine::set_tags(NodeId n, serf::Tags tags) {
  Slot& s = slots_[n];
  if (s.state != NodeState::up || !s.serf) return serf::SerfError::bad_state;
  serf::SerfStatus r = s.serf->set_tags(std::move(tags), now_);
  reschedule(n);
  return r;
}

void Engine::bump_tags(NodeId n) {
  serf::Tags tags = slots_[n].serf->local_member().tags;
  std::string& v = tags["sim-meta"];
  v = std::to_string(v.empty() ? 1 : std::stoull(v) + 1);
  (void)set_tags(n, std::move(tags));
}

std::uint64_t Engine::serf_pruned_broadcasts() const {
  std::uint64_t t = 0;
  for (const Slot& s : slots_)
    if (s.serf) t += s.past_pruned + s.serf->pruned_broadcasts();
  return t;
}

std::optional<core::Time> Engine::left_at(NodeId n) const {
  if (slots_[n].left_at == core::kNever) return std::nullopt;
  return slots_[n].left_at;
}

std::size_t Engine::queued_broadcasts(NodeId n) const {
  const Slot& s = slots_[n];
  return s.node->queued_broadcasts() + (s.serf ? s.serf->queued_broadcasts() : 0);
}

// ---- what SerfSinks report ----------------------------------------------------------

void Engine::on_serf_member_event(NodeId observer, const serf::Member& m,
                                  serf::MemberEventType type) {
  const NodeId subject = node_of(m.address);
  trace_.add(static_cast<std::uint64_t>(now_.count()));
  trace_.add(0x5f00000000000000ULL | static_cast<std::uint64_t>(type) << 52 |
             static_cast<std::uint64_t>(m.status) << 48 |
             static_cast<std::uint64_t>(observer) << 24 | (subject & 0xffffff));
  if (subject == kNoNode || subject >= slots_.size() || subject == observer) return;
  switch (type) {
    case serf::MemberEventType::join:
      views_.set_alive(observer, subject, true);
      break;
    case serf::MemberEventType::failed:
      views_.set_alive(observer, subject, false);
      views_.record_death(now_, observer, subject);
      break;
    case serf::MemberEventType::leave:
    case serf::MemberEventType::reap:
      views_.set_alive(observer, subject, false);
      break;
    case serf::MemberEventType::update:
      break;
  }
}

void Engine::on_user_event(NodeId at, std::uint64_t id) {
  if (!broadcasts_.deliver(id, at, now_)) {
    ++serf_.event_duplicates;
    return;
  }
  ++serf_.event_deliveries;
  trace_.add(static_cast<std::uint64_t>(now_.count()));
  trace_.add(0x5d00000000000000ULL ^ id ^ static_cast<std::uint64_t>(at) << 32);
}

// The node's leave has propagated: like an agent after `leave`, it exits. Called from
// inside its Serf's input; the engine stops driving it from here on.
void Engine::on_serf_left(NodeId n) {
  Slot& s = slots_[n];
  if (s.state != NodeState::up) return;
  ++serf_.leaves_done;
  s.state = NodeState::left;
  s.left_at = now_;
  s.last_incarnation = s.node->self().incarnation;
  ++s.timer_version;
  s.scheduled = core::kNever;
  drop_queued(n);
  views_.set_live(n, false);
}

}  // namespace rumor::sim
