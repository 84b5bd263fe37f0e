// Node lifecycle, queries and timer dispatch; the facade forwards to NodeImpl.
#include "core/node.hpp"

#include <stdexcept>

#include "core/node_impl.hpp"

namespace rumor::core {

namespace {
Config checked(Config c) {
  if (auto problem = c.validate()) throw std::invalid_argument("rumor::core: " + *problem);
  return c;
}
}  // namespace

NodeImpl::NodeImpl(Config config, Effects& fx, Delegate* delegate, std::uint64_t seed,
                   std::shared_ptr<Identities> identities)
    : cfg_(checked(std::move(config))),
      fx_(fx),
      delegate_(delegate),
      rng_(seed),
      awareness_(cfg_.awareness_max_multiplier),
      ids_(identities ? std::move(identities) : std::make_shared<Identities>()),
      table_(*ids_),
      membership_q_(*ids_) {
  seal_.label = cfg_.label;
  seal_.compress = cfg_.compress;
  if (cfg_.encryption.enabled()) keyring_ = *cfg_.encryption.keyring;
  if (cfg_.encryption.encrypts()) {
    seal_.encrypt.keyring = &*keyring_;
    seal_.encrypt.nonce = cfg_.encryption.nonce;
    seal_.encrypt.version = cfg_.encryption_version();
  }
  decrypt_.keyring = keyring_ ? &*keyring_ : nullptr;
  decrypt_.verify_incoming = cfg_.encryption.verify_incoming;
}

std::vector<std::uint8_t> NodeImpl::our_vsn() const {
  return {cfg_.protocol_min, cfg_.protocol_max, cfg_.protocol_cur,
          cfg_.delegate_min, cfg_.delegate_max, cfg_.delegate_cur};
}

void NodeImpl::start(Time now) {
  if (started_) return;
  started_ = true;
  // memberlist's setAlive: our first alive goes through the ordinary rule in bootstrap
  // mode, which adds us to the table, queues the news and reports our own join.
  incarnation_ = cfg_.initial_incarnation + 1;
  codec::Alive a;
  a.incarnation = incarnation_;
  a.node = cfg_.name;
  a.addr = cfg_.advertise.ip;
  a.port = cfg_.advertise.port;
  if (delegate_) a.meta = delegate_->node_meta(cfg_.meta_max);
  a.vsn = our_vsn();
  on_alive(codec::view_of(a), /*bootstrap=*/true, now);
  self_ = find(cfg_.name);

  // Like memberlist, each schedule starts at a random offset within its period so that
  // nodes started together do not tick in lockstep.
  timers_.arm(staggered(cfg_.probe_interval, now), TimerKind::probe);
  timers_.arm(staggered(cfg_.gossip_interval, now), TimerKind::gossip);
  arm_push_pull(now);
  if (cfg_.reconnect_interval > Duration::zero())
    timers_.arm(staggered(cfg_.reconnect_interval, now), TimerKind::reconnect);
}

Time NodeImpl::staggered(Duration period, Time now) {
  return now + Duration(static_cast<Duration::rep>(
                   rng_.below(static_cast<std::uint64_t>(period.count()) + 1)));
}

void NodeImpl::arm_push_pull(Time now) {
  if (cfg_.push_pull_interval <= Duration::zero()) return;
  rearm_push_pull(staggered(cfg_.push_pull_period(cluster_size()), now));
}

Duration NodeImpl::end_push_pull_period() {
  // Config::push_pull_while_learning: a table that grew by more than 1/64 since the last
  // tick is still filling (a join storm, by gossip or otherwise); churn grows it by less.
  const std::size_t n = cluster_size();
  const bool filling = n > members_at_push_pull_ && (n - members_at_push_pull_) * 64 > n;
  members_at_push_pull_ = n;
  if (filling && cfg_.push_pull_while_learning) return cfg_.push_pull_interval;
  return cfg_.push_pull_period(n);
}

void NodeImpl::rearm_push_pull(Time at) {
  push_pull_due_ = at;
  timers_.arm(at, TimerKind::push_pull, ++push_pull_gen_);
}

void NodeImpl::restore(std::span<const codec::AliveView> members, Time now) {
  if (!started_) return;
  for (const codec::AliveView& a : members) {
    if (a.node == cfg_.name || find(a.node) != kNoName) continue;
    const NameId id = table_.add(a.node, now, rng_);
    table_.record(id).incarnation = a.incarnation;
    set_card(id, Address{a.addr, a.port}, a.meta, a.vsn);
    table_.set_state(id, MemberState::alive, now);
    if (delegate_) delegate_->notify_join(scratch_member(id));
  }
  members_at_push_pull_ = cluster_size();
  // The timer start() armed was scaled for a cluster of one. A restored cluster is one
  // that has been running: its exchanges are spread over the period for its real size,
  // not crowded into the first 30 s (144 KB/s per node at 30,000 nodes).
  arm_push_pull(now);
}

void NodeImpl::leave(Time now) {
  if (!started_ || left_) return;
  left_ = true;
  // A dead message about ourselves, from ourselves, is a graceful leave.
  codec::Dead d{table_.record(self_).incarnation, cfg_.name, cfg_.name};
  on_dead(d, now);
}

bool NodeImpl::leave_propagated() const {
  if (!left_) return false;
  if (table_.alive_count() == 0) return true;  // nobody left to tell (we count as left)
  // Nothing replaces our leave once we have left, so while news about us is queued it
  // is the leave.
  return !leave_queued_ || !membership_q_.queued(self_);
}

void NodeImpl::update_meta(Time now) {
  if (!started_ || left_) return;
  // Announcing new meta is a refutation of nothing: a fresh incarnation, broadcast.
  refute(table_.record(self_).incarnation, now);
}

void NodeImpl::on_timeout(Time now) {
  // Bounded: each periodic timer re-arms strictly in the future.
  while (timers_.due(now)) {
    Timer t = timers_.pop();
    switch (t.kind) {
      case TimerKind::probe:
        probe_tick(now);
        break;
      case TimerKind::probe_indirect:
        probe_indirect(t.arg, now);
        break;
      case TimerKind::probe_deadline:
        probe_deadline(t.arg, now);
        break;
      case TimerKind::gossip:
        gossip_tick(now);
        timers_.arm(now + cfg_.gossip_interval, TimerKind::gossip);
        break;
      case TimerKind::eager_gossip:
        eager_gossip(now);
        break;
      case TimerKind::push_pull:
        if (t.arg != push_pull_gen_) break;  // superseded by a re-arm
        push_pull_tick(now);
        rearm_push_pull(now + end_push_pull_period());
        break;
      case TimerKind::reconnect:
        reconnect_tick(now);
        timers_.arm(now + cfg_.reconnect_interval, TimerKind::reconnect);
        break;
      case TimerKind::suspicion:
        suspicion_expired(t.subject, t.arg, now);
        break;
      case TimerKind::relay_expiry:
        relay_expired(static_cast<std::uint32_t>(t.arg));
        break;
    }
  }
}

// ---- facade ----------------------------------------------------------------------

Node::Node(Config config, Effects& fx, Delegate* delegate, std::uint64_t seed,
           std::shared_ptr<Identities> identities)
    : impl_(std::make_unique<NodeImpl>(std::move(config), fx, delegate, seed,
                                       std::move(identities))) {}
Node::~Node() = default;
Node::Node(Node&&) noexcept = default;
Node& Node::operator=(Node&&) noexcept = default;

void Node::start(Time now) {
  impl_->now_ = now;
  impl_->start(now);
}
void Node::join(std::span<const Address> seeds, Time now) {
  impl_->now_ = now;
  impl_->join(seeds, now);
}
void Node::restore(std::span<const codec::AliveView> members, Time now) {
  impl_->now_ = now;
  impl_->restore(members, now);
}
void Node::leave(Time now) {
  impl_->now_ = now;
  impl_->leave(now);
}
bool Node::leave_propagated() const {
  return impl_->leave_propagated();
}
void Node::on_packet(const Address& from, ByteView packet, Time now) {
  impl_->now_ = now;
  impl_->on_packet(from, packet, now);
}
void Node::on_stream(StreamId id, const Address& from, ByteView request, Time now) {
  impl_->now_ = now;
  impl_->on_stream(id, from, request, now);
}
void Node::on_stream_reply(StreamId id, ByteView reply, Time now) {
  impl_->now_ = now;
  impl_->on_stream_reply(id, reply, now);
}
void Node::on_stream_failed(StreamId id, Time now) {
  impl_->now_ = now;
  impl_->on_stream_failed(id, now);
}
Time Node::next_deadline() const {
  return impl_->timers_.next();
}
void Node::on_timeout(Time now) {
  impl_->now_ = now;
  impl_->on_timeout(now);
}
void Node::broadcast(Bytes msg, std::string_view key) {
  Bytes framed;
  codec::encode_user(msg, framed);
  impl_->user_q_.push(std::move(framed), key);
  impl_->news_queued();
}
void Node::news_queued() {
  impl_->news_queued();
}
void Node::send_user_message(const Address& to, ByteView msg, bool reliable, Time now) {
  impl_->now_ = now;
  Bytes out;
  if (reliable) {
    codec::encode_user_stream(msg, out);
    impl_->open_stream(StreamPurpose::user, to, out, false, now + impl_->cfg_.tcp_timeout);
  } else {
    codec::encode_user(msg, out);
    impl_->send_message(to, kNoName, out);
  }
}
void Node::update_meta(Time now) {
  impl_->now_ = now;
  impl_->update_meta(now);
}
bool Node::set_keyring(codec::Keyring ring) {
  if (!impl_->keyring_) return false;
  // In place: seal_ and decrypt_ keep pointing at it.
  *impl_->keyring_ = std::move(ring);
  return true;
}
const codec::Keyring* Node::keyring() const {
  return impl_->keyring_ ? &*impl_->keyring_ : nullptr;
}
const Config& Node::config() const {
  return impl_->cfg_;
}
Member Node::self() const {
  return impl_->table_.to_member(impl_->self_);
}
std::optional<Member> Node::member(std::string_view name) const {
  const NameId id = impl_->find(name);
  if (id == kNoName) return std::nullopt;
  return impl_->table_.to_member(id);
}
std::optional<MemberState> Node::member_state(std::string_view name) const {
  const NameId id = impl_->find(name);
  if (id == kNoName) return std::nullopt;
  return impl_->table_.state(id);
}
std::vector<Member> Node::members() const {
  std::vector<Member> out;
  out.reserve(impl_->table_.size());
  for (NameId id : impl_->table_.order()) out.push_back(impl_->table_.to_member(id));
  return out;
}
std::size_t Node::num_members() const {
  return impl_->table_.size();
}
std::size_t Node::num_alive() const {
  return impl_->table_.alive_count();
}
int Node::health_score() const {
  return impl_->awareness_.score();
}
const Stats& Node::stats() const {
  return impl_->stats_;
}
std::vector<PeerTraffic> Node::peer_traffic() const {
  return impl_->peers_.rows();
}
std::size_t Node::queued_broadcasts() const {
  return impl_->membership_q_.size() + impl_->user_q_.size();
}

}  // namespace rumor::core
