#include "sim/engine.hpp"

#include <algorithm>
#include <utility>

#include "core/nonce.hpp"
#include "sim/node_effects.hpp"
#include "sim/serf_sink.hpp"
#include "sim/sim_delegate.hpp"
#include "sim/stats_math.hpp"

namespace rumor::sim {

using core::Time;

NodeCounters& NodeCounters::operator+=(const NodeCounters& o) {
  packets_sent += o.packets_sent;
  packet_bytes_sent += o.packet_bytes_sent;
  packets_delivered += o.packets_delivered;
  dropped_lost += o.dropped_lost;
  dropped_partitioned += o.dropped_partitioned;
  dropped_too_big += o.dropped_too_big;
  dropped_down += o.dropped_down;
  streams_opened += o.streams_opened;
  stream_bytes_sent += o.stream_bytes_sent;
  streams_failed += o.streams_failed;
  stalled_inputs += o.stalled_inputs;
  return *this;
}

// The network generator is seeded apart from the nodes' so that adding a node does not
// shift the network's draws for the others.
Engine::Engine(EngineOptions opt)
    : net_(opt.net),
      rng_(opt.seed ^ 0x6e6574776f726b21ULL),
      seed_(opt.seed),
      stall_order_(opt.stall_order),
      meta_bytes_(opt.meta_bytes),
      progress_(std::move(opt.progress)) {}

Engine::~Engine() = default;

std::uint64_t Engine::node_seed(NodeId n) const {
  core::Rng r(seed_ ^ (static_cast<std::uint64_t>(n) + 1) * 0x9e3779b97f4a7c15ULL ^
              static_cast<std::uint64_t>(slots_[n].life) << 40);
  return r.next();
}

NodeId Engine::add_node(const core::Config& cfg, core::Delegate* above) {
  const NodeId id = add_slot(cfg);
  slots_[id].delegate_above = above;
  make_node(id, cfg.initial_incarnation);
  return id;
}

NodeId Engine::add_slot(const core::Config& cfg) {
  const auto id = static_cast<NodeId>(slots_.size());
  slots_.emplace_back();
  Slot& s = slots_.back();
  s.config = cfg;
  s.config.name = node_name(id);
  s.config.advertise = node_address(id);
  ids_->acquire_name(s.config.name);
  s.fx = std::make_unique<NodeEffects>(*this, id);
  // Views grow by doubling: re-laying the N^2 bit matrix on every add would be O(N^3).
  if (views_.size() < slots_.size()) views_.resize(std::max<std::size_t>(64, 2 * views_.size()));
  broadcasts_.resize(slots_.size());
  net_.resize(slots_.size());
  return id;
}

void Engine::reserve_nodes(std::size_t total) {
  // Names are interned in node order and held for the engine's life; add_slot's
  // acquire_name then only takes another reference.
  for (std::size_t i = reserved_names_; i < total; ++i)
    ids_->acquire_name(node_name(static_cast<NodeId>(i)));
  reserved_names_ = std::max(reserved_names_, total);
  if (views_.size() < total) views_.resize(total);
}

void Engine::preconverge(const core::Config& cfg, std::size_t n) {
  const auto first = static_cast<NodeId>(slots_.size());
  for (std::size_t i = 0; i < n; ++i) add_node(cfg);
  restore_everyone(first);
}

void Engine::restore_everyone(NodeId first) {
  // A Serf node advertises Serf's delegate versions and its tags as meta.
  std::vector<Bytes> vsns, metas;
  vsns.reserve(slots_.size() - first);
  metas.reserve(slots_.size() - first);
  std::vector<codec::AliveView> everyone;
  everyone.reserve(slots_.size() - first);
  for (NodeId id = first; id < slots_.size(); ++id) {
    const Slot& s = slots_[id];
    const core::Config& c = s.serf ? s.serf->config().memberlist : s.config;
    vsns.push_back(Bytes{c.protocol_min, c.protocol_max, c.protocol_cur, c.delegate_min,
                         c.delegate_max, c.delegate_cur});
    metas.push_back(s.serf ? serf::encode_tags(s.serf->config().tags)
                           : s.delegate->node_meta(c.meta_max));
  }
  for (NodeId id = first; id < slots_.size(); ++id) {
    const core::Config& c = slots_[id].config;
    everyone.push_back(codec::AliveView{1, c.name, c.advertise.ip, c.advertise.port,
                                        metas[id - first], vsns[id - first]});
  }
  for (NodeId id = first; id < slots_.size(); ++id) {
    start(id);
    drive(slots_[id], [&](auto& mc) { mc.restore(everyone, now_); });
    reschedule(id);
  }
}

void Engine::make_node(NodeId n, std::uint32_t initial_incarnation) {
  Slot& s = slots_[n];
  core::Config c = s.config;
  c.initial_incarnation = initial_incarnation;
  // The shell seeds nonces (the agent draws them from the OS): each life of a node its
  // own stream, so a restart never repeats a nonce under the same key.
  if (c.encryption.enabled() && !c.encryption.nonce)
    c.encryption.nonce = core::seeded_nonces(node_seed(n) ^ 0x6e6f6e6365ULL);
  if (s.serf_config) {
    make_serf(n, std::move(c));
    return;
  }
  s.own_node.reset();  // the old node refers to the old delegate
  s.delegate = std::make_unique<SimDelegate>(*this, n, meta_bytes_, s.delegate_above);
  s.own_node =
      std::make_unique<core::Node>(std::move(c), *s.fx, s.delegate.get(), node_seed(n), ids_);
  s.node = s.own_node.get();
  s.delegate->attach(s.node);
}

// ---- inputs from scenarios ----------------------------------------------------------

void Engine::start(NodeId n) {
  Slot& s = slots_[n];
  if (s.state != NodeState::idle) return;
  s.state = NodeState::up;
  views_.set_live(n, true);
  views_.set_alive(n, n, true);
  drive(s, [&](auto& mc) { mc.start(now_); });
  reschedule(n);
}

void Engine::join(NodeId n, const std::vector<NodeId>& seeds) {
  Slot& s = slots_[n];
  if (s.state != NodeState::up) return;
  std::vector<Address> addrs;
  for (NodeId seed : seeds)
    if (seed != n) addrs.push_back(node_address(seed));
  if (addrs.empty()) return;
  if (s.serf)
    (void)s.serf->join(addrs, false, now_);
  else
    s.node->join(addrs, now_);
  reschedule(n);
}

void Engine::leave(NodeId n) {
  Slot& s = slots_[n];
  if (s.state != NodeState::up) return;
  if (s.serf)
    (void)s.serf->leave(now_);
  else
    s.node->leave(now_);
  reschedule(n);
}

std::uint64_t Engine::broadcast(NodeId origin, std::size_t payload_bytes) {
  // A Serf node's delegate is its Serf, which has no use for raw core broadcasts.
  if (slots_[origin].serf) return user_event(origin, payload_bytes);
  const std::uint64_t id = next_broadcast_++;
  Slot& s = slots_[origin];
  if (s.state != NodeState::up) return id;
  broadcasts_.originate(id, origin, now_);
  trace_.add(static_cast<std::uint64_t>(now_.count()));
  trace_.add(0xbc00000000000000ULL | id);
  const Bytes payload = make_broadcast_payload(id, payload_bytes);
  s.delegate->spread(id, payload);
  reschedule(origin);
  return id;
}

void Engine::update_meta(NodeId n) {
  Slot& s = slots_[n];
  if (s.state != NodeState::up) return;
  if (s.serf) {
    bump_tags(n);
    return;
  }
  s.delegate->bump_meta();
  s.node->update_meta(now_);
  reschedule(n);
}

void Engine::at(Time t, Action a) {
  std::uint32_t idx;
  if (!free_actions_.empty()) {
    idx = free_actions_.back();
    free_actions_.pop_back();
    actions_[idx] = std::move(a);
  } else {
    idx = static_cast<std::uint32_t>(actions_.size());
    actions_.push_back(std::move(a));
  }
  queue_.push(std::max(t, now_), EventKind::action, 0, idx);
}

// ---- the loop -----------------------------------------------------------------------

bool Engine::run_until(Time limit, const std::function<bool()>& done) {
  if (done && done()) return true;
  run_limit_ = limit;
  while (!queue_.empty() && queue_.top().at <= limit) {
    const Event e = queue_.pop();
    now_ = e.at;
    ++events_;
    if (now_ >= next_depth_sample_) sample_queue_depths();
    dispatch(e);
    if (done && done()) return true;
  }
  now_ = std::max(now_, limit);
  return false;
}

void Engine::dispatch(const Event& e) {
  switch (e.kind()) {
    case EventKind::packet:
    case EventKind::stream_request:
      input(e.node, e.kind(), e.arg);
      break;
    case EventKind::stream_reply: {
      // A reply counts only if the opener's deadline has not failed the stream yet.
      const std::uint32_t sid = messages_[e.arg].stream;
      auto it = streams_.find(sid);
      if (it == streams_.end() || it->second.opener_life != slots_[e.node].life) {
        if (it != streams_.end()) streams_.erase(it);
        free_message(e.arg);
        break;
      }
      messages_[e.arg].core_id = it->second.core_id;
      streams_.erase(it);
      input(e.node, EventKind::stream_reply, e.arg);
      break;
    }
    case EventKind::stream_failed:
    case EventKind::stream_deadline:
      resolve_failure(e.arg);
      break;
    case EventKind::timer:
      on_timer(e.node, e.arg);
      break;
    case EventKind::stall_end:
      end_stall(e.node, e.arg);
      break;
    case EventKind::action: {
      Action a = std::move(actions_[e.arg]);
      actions_[e.arg] = nullptr;
      free_actions_.push_back(e.arg);
      if (a) a();
      break;
    }
  }
}

void Engine::input(NodeId n, EventKind kind, std::uint32_t m) {
  Slot& s = slots_[n];
  if (s.state != NodeState::up) {
    const Message& msg = messages_[m];
    if (msg.from != kNoNode) ++slots_[msg.from].counters.dropped_down;
    // Nobody listens on a crashed node's port: the dialer gets a refusal, quickly.
    if (kind == EventKind::stream_request && msg.stream != 0)
      fail_stream(msg.stream, now_ + net_.latency(rng_));
    free_message(m);
    return;
  }
  if (kind == EventKind::stream_request && !net_.connected(messages_[m].from, n)) {
    free_message(m);  // cut while in flight: the dialer's deadline will fail it
    return;
  }
  if (s.stalled) {
    s.stall_queue.push_back({kind, m});
    ++s.counters.stalled_inputs;
    return;
  }
  process(n, kind, m);
  reschedule(n);
}

void Engine::process(NodeId n, EventKind kind, std::uint32_t m) {
  Slot& s = slots_[n];
  // The node may send while handling this input, which can grow messages_: take the
  // buffer out first and give it back (capacity intact) afterwards.
  Bytes bytes = std::move(messages_[m].bytes);
  const NodeId from = messages_[m].from;
  const std::uint32_t sid = messages_[m].stream;
  const core::StreamId core_id = messages_[m].core_id;

  trace_.add(static_cast<std::uint64_t>(now_.count()));
  trace_.add(static_cast<std::uint64_t>(kind) << 56 | static_cast<std::uint64_t>(from) << 28 | n);
  trace_.add_bytes(bytes);

  switch (kind) {
    case EventKind::packet:
      ++s.counters.packets_delivered;
      drive(s, [&](auto& mc) { mc.on_packet(node_address(from), bytes, now_); });
      break;
    case EventKind::stream_request: {
      inbound_stream_ = sid;
      drive(s, [&](auto& mc) { mc.on_stream(sid, node_address(from), bytes, now_); });
      inbound_stream_ = 0;
      // The handler did not reply: the stream closes and the dialer sees EOF.
      auto it = streams_.find(sid);
      if (sid != 0 && it != streams_.end() && !it->second.replied)
        fail_stream(sid, now_ + net_.latency(rng_));
      break;
    }
    case EventKind::stream_reply:
      drive(s, [&](auto& mc) { mc.on_stream_reply(core_id, bytes, now_); });
      break;
    case EventKind::stream_failed:
      ++s.counters.streams_failed;
      drive(s, [&](auto& mc) { mc.on_stream_failed(core_id, now_); });
      break;
    default:
      break;
  }
  messages_[m].bytes = std::move(bytes);
  free_message(m);
}

void Engine::on_timer(NodeId n, std::uint32_t version) {
  Slot& s = slots_[n];
  if (version != s.timer_version || s.state != NodeState::up) return;  // stale entry
  s.scheduled = core::kNever;
  if (s.stalled) return;  // end_stall runs the overdue timers
  drive(s, [&](auto& mc) { mc.on_timeout(now_); });
  reschedule(n);
}

void Engine::reschedule(NodeId n) {
  Slot& s = slots_[n];
  if (s.state != NodeState::up) return;
  const Time d = drive(s, [](auto& mc) { return mc.next_deadline(); });
  if (d == s.scheduled) return;
  s.scheduled = d;
  ++s.timer_version;
  if (d != core::kNever) queue_.push(std::max(d, now_), EventKind::timer, n, s.timer_version);
}

// ---- effects ------------------------------------------------------------------------

void Engine::send_packet(NodeId from, const Address& to, ByteView bytes) {
  NodeCounters& c = slots_[from].counters;
  ++c.packets_sent;
  c.packet_bytes_sent += bytes.size();
  if (tap_) tap_(from, bytes);
  const NodeId t = node_of(to);
  auto record = [&](bool delivered) {
    if (sends_)
      sends_->push_back(
          {now_, from, t, bytes.empty() ? std::uint8_t{0} : bytes[0], false, delivered});
  };
  if (t == kNoNode || t >= slots_.size()) {
    ++c.dropped_down;
    record(false);
    return;
  }
  const Verdict v = net_.packet(from, t, bytes.size(), rng_);
  record(v == Verdict::deliver);
  switch (v) {
    case Verdict::lost:
      ++c.dropped_lost;
      return;
    case Verdict::partitioned:
      ++c.dropped_partitioned;
      return;
    case Verdict::too_big:
      ++c.dropped_too_big;
      return;
    case Verdict::deliver:
      break;
  }
  const std::uint32_t m = alloc_message(from, bytes);
  queue_.push(now_ + net_.latency(rng_), EventKind::packet, t, m);
}

void Engine::open_stream(NodeId from, core::StreamId id, const Address& to, ByteView request,
                         bool expect_reply, Time deadline) {
  NodeCounters& c = slots_[from].counters;
  ++c.streams_opened;
  c.stream_bytes_sent += request.size();
  if (stream_tap_) stream_tap_(from, request);
  const std::uint32_t sid = next_stream_++;
  const NodeId t = node_of(to);
  if (sends_)
    sends_->push_back({now_, from, t, request.empty() ? std::uint8_t{0} : request[0], true,
                       t != kNoNode && t < slots_.size() && net_.connected(from, t)});
  if (expect_reply) {
    streams_[sid] = Stream{from, t, slots_[from].life, id, true, false};
    if (deadline != core::kNever)
      queue_.push(std::max(deadline, now_), EventKind::stream_deadline, from, sid);
  }
  if (t == kNoNode || t >= slots_.size()) {
    if (expect_reply) fail_stream(sid, now_ + net_.latency(rng_));
    return;
  }
  if (!net_.connected(from, t)) return;  // the SYN is lost; the deadline fails the stream
  const std::uint32_t m = alloc_message(from, request);
  messages_[m].stream = expect_reply ? sid : 0;
  queue_.push(now_ + net_.latency(rng_), EventKind::stream_request, t, m);
}

void Engine::reply_stream(NodeId from, core::StreamId id, ByteView reply) {
  const auto sid = static_cast<std::uint32_t>(id);
  auto it = streams_.find(sid);
  if (it == streams_.end() || it->second.replied) return;
  it->second.replied = true;
  slots_[from].counters.stream_bytes_sent += reply.size();
  if (stream_tap_) stream_tap_(from, reply);
  const NodeId opener = it->second.opener;
  if (!net_.connected(from, opener)) return;  // the reply never arrives; deadline
  const std::uint32_t m = alloc_message(from, reply);
  messages_[m].stream = sid;
  queue_.push(now_ + net_.latency(rng_), EventKind::stream_reply, opener, m);
}

void Engine::fail_stream(std::uint32_t sid, Time at) {
  auto it = streams_.find(sid);
  if (it == streams_.end()) return;
  queue_.push(std::max(at, now_), EventKind::stream_failed, it->second.opener, sid);
}

void Engine::resolve_failure(std::uint32_t sid) {
  auto it = streams_.find(sid);
  if (it == streams_.end()) return;  // already resolved by a reply or an earlier failure
  const Stream st = it->second;
  streams_.erase(it);
  if (st.opener_life != slots_[st.opener].life) return;  // the opener has restarted
  const std::uint32_t m = alloc_message(kNoNode, {});
  messages_[m].core_id = st.core_id;
  input(st.opener, EventKind::stream_failed, m);
}

// ---- pools and observation ----------------------------------------------------------

void Engine::sample_queue_depths() {
  next_depth_sample_ = now_ + std::chrono::seconds(1);
  for (const Slot& s : slots_) {
    if (s.state != NodeState::up) continue;
    std::size_t d = s.node->queued_broadcasts();
    if (s.serf) {
      d += s.serf->queued_broadcasts();
      serf_.intent_queue.add(s.serf->queued_intents());
      serf_.event_queue.add(s.serf->queued_events());
      serf_.query_queue.add(s.serf->queued_queries());
    }
    depths_.add(d);
  }
  if (progress_) progress_(*this, run_limit_);
}

std::uint32_t Engine::alloc_message(NodeId from, ByteView bytes) {
  std::uint32_t idx;
  if (!free_messages_.empty()) {
    idx = free_messages_.back();
    free_messages_.pop_back();
  } else {
    idx = static_cast<std::uint32_t>(messages_.size());
    messages_.emplace_back();
  }
  Message& msg = messages_[idx];
  msg.bytes.assign(bytes.begin(), bytes.end());
  msg.from = from;
  msg.stream = 0;
  msg.core_id = 0;
  return idx;
}

void Engine::free_message(std::uint32_t m) {
  // Packets are small and their buffers are worth keeping; a push/pull carries the whole
  // member list, and a pool of slots each keeping one would grow as N^2.
  if (messages_[m].bytes.capacity() > 16384) messages_[m].bytes = Bytes();
  messages_[m].bytes.clear();
  free_messages_.push_back(m);
}

void Engine::on_member_event(NodeId observer, const core::Member& m, MemberEventKind kind) {
  const NodeId subject = node_of(m.address);
  trace_.add(static_cast<std::uint64_t>(now_.count()));
  trace_.add(static_cast<std::uint64_t>(kind) << 56 | static_cast<std::uint64_t>(m.state) << 48 |
             static_cast<std::uint64_t>(observer) << 24 | (subject & 0xffffff));
  trace_.add(m.incarnation);
  if (subject == kNoNode || subject >= slots_.size() || subject == observer) return;
  switch (kind) {
    case MemberEventKind::join:
      views_.set_alive(observer, subject, true);
      break;
    case MemberEventKind::update:
      views_.set_alive(observer, subject, !m.dead_or_left());
      break;
    case MemberEventKind::leave:
      views_.set_alive(observer, subject, false);
      if (m.state == core::MemberState::dead) views_.record_death(now_, observer, subject);
      break;
  }
}

void Engine::on_broadcast(NodeId at, std::uint64_t id) {
  if (!broadcasts_.deliver(id, at, now_)) return;
  trace_.add(static_cast<std::uint64_t>(now_.count()));
  trace_.add(0xbd00000000000000ULL ^ id ^ static_cast<std::uint64_t>(at) << 32);
}

NodeCounters Engine::total_counters() const {
  NodeCounters t;
  for (const Slot& s : slots_) t += s.counters;
  return t;
}

core::Stats Engine::stats(NodeId n) const {
  core::Stats st = slots_[n].past ? *slots_[n].past : core::Stats{};
  add_stats(st, slots_[n].node->stats());
  return st;
}

core::Stats Engine::total_stats() const {
  core::Stats t;
  for (const Slot& s : slots_) {
    if (s.past) add_stats(t, *s.past);
    add_stats(t, s.node->stats());
  }
  return t;
}

}  // namespace rumor::sim
