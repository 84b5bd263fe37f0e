// The membership rules (memberlist's aliveNode / suspectNode / deadNode / refute):
// incarnation numbers order news about a member; only the member itself may raise its
// incarnation, which is how it refutes a suspicion or a death rumour.
#include <algorithm>

#include "core/node_impl.hpp"

namespace rumor::core {

namespace {
bool usable_versions(const codec::Vsn& v) {
  // memberlist drops alives whose protocol range is empty or nonsensical.
  return v.size() >= 3 && v[0] != 0 && v[1] != 0 && v[0] <= v[1];
}
}  // namespace

void NodeImpl::queue_membership(std::string_view about, Bytes msg, bool is_alive) {
  // Keyed by member name: newer news about a member replaces older news. A member's own
  // alive tells it nothing: such news is not spent on packets to that member (memberlist
  // does spend it, which can starve a joiner's news at low retransmit limits).
  membership_q_.push(std::move(msg), about, is_alive);
}

void NodeImpl::clear_suspicion(Entry& e) {
  if (e.suspicion) {
    e.suspicion.reset();
    ++e.suspicion_token;
  }
}

Entry& NodeImpl::add_member(const codec::Alive& a, Time now) {
  auto entry = std::make_unique<Entry>();
  entry->m.name = a.node;
  entry->m.address = Address{a.addr, a.port};
  // Starts dead so that the alive rule below reports it as a join.
  entry->m.state = MemberState::dead;
  entry->m.state_change = now;
  Entry* e = entry.get();
  members_.emplace(a.node, std::move(entry));
  // Insert at a random offset so that new members are probed in random order
  // (memberlist: append, then swap with a random slot).
  const std::size_t n = order_.size();
  order_.push_back(e);
  if (n > 0) std::swap(order_[rng_.below(n)], order_[n]);
  return *e;
}

void NodeImpl::on_alive(const codec::Alive& a, bool bootstrap, Time now) {
  const bool about_us = a.node == cfg_.name;
  if (left_ && about_us) return;
  if (!usable_versions(a.vsn)) {
    stats_.drop(DropReason::bad_version);
    return;
  }
  const Address addr{a.addr, a.port};
  Entry* e = find(a.node);
  bool readdress = false;
  bool fresh = false;
  if (!e) {
    e = &add_member(a, now);
    fresh = true;
  } else if (e->m.address != addr) {
    // Same name, other address. memberlist lets a left member come back elsewhere (and
    // a dead one after DeadNodeReclaimTime, which defaults to never); anything else is
    // a name conflict for the layer above to judge.
    if (e->m.state == MemberState::left) {
      readdress = true;
    } else {
      if (delegate_) {
        Member other = e->m;
        other.address = addr;
        other.incarnation = a.incarnation;
        other.meta = a.meta;
        delegate_->notify_conflict(e->m, other);
      }
      return;
    }
  }

  if (!about_us && a.incarnation <= e->m.incarnation && !readdress && !fresh) return;
  if (about_us && a.incarnation < e->m.incarnation) return;

  clear_suspicion(*e);

  if (!bootstrap && about_us) {
    // Our own alive coming back to us is just an echo; anything else about us, at our
    // incarnation or above, is someone else's claim to be us: out-bid it.
    if (a.incarnation == e->m.incarnation && a.meta == e->m.meta && a.vsn == e->m.vsn) return;
    refute(*e, a.incarnation, now);
    return;
  }

  Bytes msg;
  codec::encode(a, msg);
  queue_membership(a.node, std::move(msg), /*is_alive=*/true);

  const MemberState old_state = e->m.state;
  const bool meta_changed = e->m.meta != a.meta;
  if (cfg_.peer_traffic && !about_us && (fresh || readdress)) {
    peers_.forget(a.node, e->m.address);
    peers_.track(a.node, addr);
  }
  e->m.incarnation = a.incarnation;
  e->m.meta = a.meta;
  e->m.address = addr;
  e->m.vsn = a.vsn;
  if (e->m.state != MemberState::alive) set_state(*e, MemberState::alive, now);
  if (about_us) incarnation_ = std::max(incarnation_, a.incarnation);
  forget_grave(a.node);

  if (!delegate_) return;
  if (old_state == MemberState::dead || old_state == MemberState::left) {
    delegate_->notify_join(e->m);
  } else if (meta_changed) {
    delegate_->notify_update(e->m);
  }
}

void NodeImpl::on_suspect(const codec::Suspect& s, Time now) {
  Entry* e = find(s.node);
  if (!e) return;
  if (s.incarnation < e->m.incarnation) return;  // old news

  // Already suspected: an independent accuser shortens the timer (Lifeguard), and the
  // confirmation is worth passing on so others can count it too.
  if (e->suspicion) {
    if (e->suspicion->confirm(s.from)) {
      timers_.arm(e->suspicion->deadline(), TimerKind::suspicion, e->suspicion_token, e->m.name);
      Bytes msg;
      codec::encode(s, msg);
      queue_membership(s.node, std::move(msg));
    }
    return;
  }
  if (e->m.state != MemberState::alive) return;

  if (e == self_) {
    refute(*e, s.incarnation, now);
    return;
  }

  Bytes msg;
  codec::encode(s, msg);
  queue_membership(s.node, std::move(msg));

  e->m.incarnation = s.incarnation;
  set_state(*e, MemberState::suspect, now);
  ++stats_.suspicions;

  const std::size_t n = cluster_size();
  const Duration min = cfg_.suspicion_min(n);
  // Without Lifeguard the timeout is fixed at the minimum, as in memberlist before it.
  const int k = cfg_.lifeguard ? cfg_.suspicion_confirmations(n) : 0;
  const Duration max = cfg_.lifeguard ? cfg_.suspicion_max(n) : min;
  ++e->suspicion_token;
  e->suspicion.emplace(s.from, k, min, max, now);
  timers_.arm(e->suspicion->deadline(), TimerKind::suspicion, e->suspicion_token, e->m.name);
}

void NodeImpl::suspicion_expired(const std::string& name, std::uint64_t token, Time now) {
  Entry* e = find(name);
  if (!e || !e->suspicion || e->suspicion_token != token) return;  // stale
  if (now < e->suspicion->deadline()) return;  // the deadline moved; a later timer fires
  if (e->m.state != MemberState::suspect) return;
  ++stats_.deaths_declared;
  on_dead(codec::Dead{e->m.incarnation, e->m.name, cfg_.name}, now);
}

void NodeImpl::on_dead(const codec::Dead& d, Time now) {
  Entry* e = find(d.node);
  if (!e) return;
  if (d.incarnation < e->m.incarnation) return;
  clear_suspicion(*e);
  if (e->m.dead_or_left()) return;

  if (e == self_ && !left_) {
    refute(*e, d.incarnation, now);
    return;
  }

  Bytes msg;
  codec::encode(d, msg);
  if (e == self_) {
    leave_id_ = membership_q_.push(std::move(msg), d.node);
  } else {
    queue_membership(d.node, std::move(msg));
  }

  e->m.incarnation = d.incarnation;
  // A member that announces its own death has left; anyone else's word means dead.
  set_state(*e, d.node == d.from ? MemberState::left : MemberState::dead, now);
  if (e->m.state == MemberState::dead) remember_grave(*e, now);
  if (delegate_) delegate_->notify_leave(e->m);
}

void NodeImpl::refute(Entry& self, std::uint32_t accused_incarnation, Time now) {
  // Out-bid the rumour: our next incarnation, skipping past the accused one.
  std::uint32_t inc = ++incarnation_;
  if (accused_incarnation >= inc) inc = incarnation_ = accused_incarnation + 1;
  self.m.incarnation = inc;
  if (self.m.state != MemberState::alive) set_state(self, MemberState::alive, now);
  if (delegate_) self.m.meta = delegate_->node_meta(cfg_.meta_max);
  ++stats_.refutations;
  // Lifeguard: having to refute means others could not hear us; we may be the slow one.
  if (cfg_.lifeguard) awareness_.apply_delta(1);

  codec::Alive a;
  a.incarnation = inc;
  a.node = cfg_.name;
  a.addr = self.m.address.ip;
  a.port = self.m.address.port;
  a.meta = self.m.meta;
  a.vsn = self.m.vsn;
  Bytes msg;
  codec::encode(a, msg);
  queue_membership(cfg_.name, std::move(msg), /*is_alive=*/true);
}

void NodeImpl::reap(Time now) {
  // memberlist's resetNodes: forget members dead (or left) for longer than
  // GossipToTheDeadTime, then reshuffle the probe order.
  auto gone = [&](Entry* e) {
    return e != self_ && e->m.dead_or_left() &&
           now - e->m.state_change > cfg_.gossip_to_the_dead_time;
  };
  auto it = std::stable_partition(order_.begin(), order_.end(), [&](Entry* e) { return !gone(e); });
  for (auto r = it; r != order_.end(); ++r) {
    if (cfg_.peer_traffic) peers_.forget((*r)->m.name, (*r)->m.address);
    members_.erase((*r)->m.name);
  }
  order_.erase(it, order_.end());
  shuffle(order_, rng_);
}

}  // namespace rumor::core
