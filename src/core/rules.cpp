// The membership rules (memberlist's aliveNode / suspectNode / deadNode / refute):
// incarnation numbers order news about a member; only the member itself may raise its
// incarnation, which is how it refutes a suspicion or a death rumour.
#include <algorithm>

#include "core/node_impl.hpp"

namespace rumor::core {

namespace {
bool usable_versions(ByteView v) {
  // memberlist drops alives whose protocol range is empty or nonsensical.
  return v.size() >= 3 && v[0] != 0 && v[1] != 0 && v[0] <= v[1];
}
}  // namespace

// Keyed by member: newer news about a member replaces older news. A member's own alive
// tells it nothing: such news is not spent on packets to that member (memberlist does
// spend it, which can starve a joiner's news at low retransmit limits).
void NodeImpl::queue_alive(NameId about) {
  // Config::pulled_alive_transmits: news a large merge brought in counts as sent.
  const int already_sent = merging_ && about != self_ ? pulled_already_sent_ : 0;
  if (already_sent == kNotToSpread) {
    membership_q_.withdraw(about);  // and older news about it is stale
    return;
  }
  const MemberRecord& r = table_.record(about);
  membership_q_.push(ids_->acquire_alive(r.card(), r.incarnation), /*useless_to_subject=*/true,
                     already_sent);
  news_queued();
}

void NodeImpl::queue_rumour(NameId about, codec::MessageType type, std::uint32_t incarnation,
                            std::string_view from) {
  Bytes& msg = scratch_message_;
  msg.clear();
  const std::string& name = table_.name(about);
  if (type == codec::MessageType::suspect) {
    codec::encode(codec::Suspect{incarnation, name, std::string(from)}, msg);
  } else {
    codec::encode(codec::Dead{incarnation, name, std::string(from)}, msg);
  }
  membership_q_.push(ids_->acquire_news(about, msg), /*useless_to_subject=*/false);
  news_queued();
}

void NodeImpl::clear_suspicion(NameId id) {
  suspicions_.erase(id);
}

void NodeImpl::set_card(NameId id, const Address& address, ByteView meta, ByteView vsn) {
  table_.set_card(id, ids_->acquire_card(id, address, meta, vsn));
}

namespace {
bool same(const Bytes& a, ByteView b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}
}  // namespace

void NodeImpl::on_alive(const codec::AliveView& a, bool bootstrap, Time now,
                        std::optional<NameId> resolved) {
  const bool about_us = a.node == cfg_.name;
  if (left_ && about_us) return;
  if (!usable_versions(a.vsn)) {
    stats_.drop(DropReason::bad_version);
    return;
  }
  const Address addr{a.addr, a.port};
  NameId id = resolved ? table_.find_resolved(*resolved) : find(a.node);
  bool readdress = false;
  bool fresh = false;
  if (id == kNoName) {
    // Starts dead so that the alive rule below reports it as a join.
    id = table_.add(a.node, now, rng_);
    fresh = true;
    if (merging_) merge_taught_ = true;
  } else if (address_of(id) != addr) {
    // Same name, other address. memberlist lets a left member come back elsewhere (and
    // a dead one after DeadNodeReclaimTime, which defaults to never); anything else is
    // a name conflict for the layer above to judge.
    if (table_.state(id) == MemberState::left) {
      readdress = true;
    } else {
      if (delegate_) {
        const Member& existing = scratch_member(id);
        scratch_other_ = existing;
        scratch_other_.address = addr;
        scratch_other_.incarnation = a.incarnation;
        scratch_other_.meta.assign(a.meta.begin(), a.meta.end());
        delegate_->notify_conflict(existing, scratch_other_);
      }
      return;
    }
  }

  MemberRecord& rec = table_.record(id);
  if (!about_us && a.incarnation <= rec.incarnation && !readdress && !fresh) {
    forward_accusation(id, now);
    return;
  }
  if (about_us && a.incarnation < rec.incarnation) return;

  clear_suspicion(id);

  if (!bootstrap && about_us) {
    // Our own alive coming back to us is just an echo; anything else about us, at our
    // incarnation or above, is someone else's claim to be us: out-bid it.
    const Card& c = table_.card(id);
    if (a.incarnation == rec.incarnation && same(c.meta, a.meta) && same(c.vsn, a.vsn)) return;
    refute(a.incarnation, now);
    return;
  }

  const MemberState old_state = table_.state(id);
  bool meta_changed = !a.meta.empty();
  if (!fresh) {
    const Card& c = table_.card(id);
    meta_changed = !same(c.meta, a.meta);
  }
  if (cfg_.peer_traffic && !about_us && (fresh || readdress)) {
    const std::string name(a.node);
    peers_.forget(name, fresh ? addr : table_.card(id).address);
    peers_.track(name, addr);
  }
  rec.incarnation = a.incarnation;
  if (fresh || !Identities::same_content(table_.card(id), addr, a.meta, a.vsn))
    set_card(id, addr, a.meta, a.vsn);
  queue_alive(id);
  if (old_state != MemberState::alive) table_.set_state(id, MemberState::alive, now);
  if (about_us) incarnation_ = std::max(incarnation_, a.incarnation);
  forget_grave(a.node);

  if (!delegate_) return;
  if (old_state == MemberState::dead || old_state == MemberState::left) {
    delegate_->notify_join(scratch_member(id));
  } else if (meta_changed) {
    delegate_->notify_update(scratch_member(id));
  }
}

// memberlist ignores an alive no newer than the suspicion or death it holds, so a
// member that restarted with a low incarnation (or never heard it was accused) keeps
// announcing itself in vain until a push/pull happens to show it: at thousands of nodes
// that is minutes (memberlist#311). We tell the member itself, at most once per probe
// interval per member; it refutes as it would on hearing the rumour by gossip.
void NodeImpl::forward_accusation(NameId id, Time now) {
  const MemberState st = table_.state(id);
  if (st != MemberState::suspect && st != MemberState::dead) return;
  auto [it, inserted] = accusations_sent_.try_emplace(id, now);
  if (!inserted) {
    if (now - it->second < cfg_.probe_interval) return;
    it->second = now;
  }
  // Bounded: entries a probe interval old allow a send anyway, so dropping them changes
  // nothing. At most one sweep per interval, so a burst never sweeps per message.
  if (accusations_sent_.size() > 4096 && now - accusations_swept_ >= cfg_.probe_interval) {
    std::erase_if(accusations_sent_,
                  [&](const auto& e) { return now - e.second >= cfg_.probe_interval; });
    accusations_swept_ = now;
  }
  const std::uint32_t inc = table_.record(id).incarnation;
  Bytes& msg = scratch_message_;
  msg.clear();
  if (st == MemberState::suspect) {
    codec::encode(codec::Suspect{inc, table_.name(id), cfg_.name}, msg);
  } else {
    codec::encode(codec::Dead{inc, table_.name(id), cfg_.name}, msg);
  }
  ++stats_.accusations_forwarded;
  // Alone: piggybacked news could carry the same accusation a second time.
  outbox_.clear();
  outbox_.add(msg);
  send_outbox(address_of(id), id);
}

void NodeImpl::on_suspect(const codec::Suspect& s, Time now) {
  const NameId id = find(s.node);
  if (id == kNoName) return;
  MemberRecord& rec = table_.record(id);
  if (s.incarnation < rec.incarnation) return;  // old news

  // Already suspected: an independent accuser shortens the timer (Lifeguard), and the
  // confirmation is worth passing on so others can count it too.
  if (auto it = suspicions_.find(id); it != suspicions_.end()) {
    if (it->second.suspicion.confirm(s.from)) {
      timers_.arm(it->second.suspicion.deadline(), TimerKind::suspicion, it->second.token, id);
      queue_rumour(id, codec::MessageType::suspect, s.incarnation, s.from);
    }
    return;
  }
  if (table_.state(id) != MemberState::alive) return;

  if (id == self_) {
    refute(s.incarnation, now);
    return;
  }

  rec.incarnation = s.incarnation;
  queue_rumour(id, codec::MessageType::suspect, s.incarnation, s.from);
  table_.set_state(id, MemberState::suspect, now);
  ++stats_.suspicions;

  const std::size_t n = cluster_size();
  const Duration min = cfg_.suspicion_min(n);
  // Without Lifeguard the timeout is fixed at the minimum, as in memberlist before it.
  const int k = cfg_.lifeguard ? cfg_.suspicion_confirmations(n) : 0;
  const Duration max = cfg_.lifeguard ? cfg_.suspicion_max(n) : min;
  const std::uint64_t token = ++next_suspicion_token_;
  auto [it, inserted] =
      suspicions_.emplace(id, Suspected{Suspicion(s.from, k, min, max, now), token});
  timers_.arm(it->second.suspicion.deadline(), TimerKind::suspicion, token, id);
}

void NodeImpl::suspicion_expired(NameId id, std::uint64_t token, Time now) {
  auto it = suspicions_.find(id);
  if (it == suspicions_.end() || it->second.token != token) return;  // stale
  if (now < it->second.suspicion.deadline()) return;  // the deadline moved; a later timer fires
  if (table_.state(id) != MemberState::suspect) return;
  ++stats_.deaths_declared;
  on_dead(codec::Dead{table_.record(id).incarnation, table_.name(id), cfg_.name}, now);
}

void NodeImpl::on_dead(const codec::Dead& d, Time now) {
  const NameId id = find(d.node);
  if (id == kNoName) return;
  MemberRecord& rec = table_.record(id);
  if (d.incarnation < rec.incarnation) return;
  clear_suspicion(id);
  if (table_.dead_or_left(id)) return;

  if (id == self_ && !left_) {
    refute(d.incarnation, now);
    return;
  }

  rec.incarnation = d.incarnation;
  queue_rumour(id, codec::MessageType::dead, d.incarnation, d.from);
  if (id == self_) leave_queued_ = true;
  // A member that announces its own death has left; anyone else's word means dead.
  table_.set_state(id, d.node == d.from ? MemberState::left : MemberState::dead, now);
  if (table_.state(id) == MemberState::dead) remember_grave(id, now);
  if (delegate_) delegate_->notify_leave(scratch_member(id));
}

void NodeImpl::refute(std::uint32_t accused_incarnation, Time now) {
  // Out-bid the rumour: our next incarnation, skipping past the accused one.
  std::uint32_t inc = ++incarnation_;
  if (accused_incarnation >= inc) inc = incarnation_ = accused_incarnation + 1;
  MemberRecord& rec = table_.record(self_);
  rec.incarnation = inc;
  if (table_.state(self_) != MemberState::alive) table_.set_state(self_, MemberState::alive, now);
  if (delegate_) {
    const Bytes meta = delegate_->node_meta(cfg_.meta_max);
    const Card& c = table_.card(self_);
    if (!Identities::same_content(c, c.address, meta, c.vsn)) {
      const Address address = c.address;
      const codec::Vsn vsn = c.vsn;
      set_card(self_, address, meta, vsn);
    }
  }
  ++stats_.refutations;
  // Lifeguard: having to refute means others could not hear us; we may be the slow one.
  if (cfg_.lifeguard) awareness_.apply_delta(1);
  queue_alive(self_);
}

void NodeImpl::reap(Time now) {
  // memberlist's resetNodes: forget members dead (or left) for longer than
  // GossipToTheDeadTime, then reshuffle the probe order.
  std::vector<NameId>& order = table_.order();
  auto gone = [&](NameId id) {
    return id != self_ && table_.dead_or_left(id) &&
           now - table_.record(id).since > cfg_.gossip_to_the_dead_time;
  };
  auto it = std::stable_partition(order.begin(), order.end(), [&](NameId id) { return !gone(id); });
  for (auto r = it; r != order.end(); ++r) {
    if (cfg_.peer_traffic) peers_.forget(table_.name(*r), address_of(*r));
    clear_suspicion(*r);
    table_.forget(*r);
  }
  order.erase(it, order.end());
  shuffle(order, rng_);
}

}  // namespace rumor::core
