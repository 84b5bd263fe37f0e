// SWIM failure detection with Lifeguard: one probe round per probe interval, round-robin
// over a shuffled member list. A round is data (ProbeRound) advanced by timers and
// acks, where memberlist runs it as a blocking goroutine:
//   t0              ping the target (with a suspect message riding along if it is
//                   suspect: Lifeguard's buddy system)
//   t0 + timeout    no ack: ask IndirectChecks members to ping it (with nacks), and try
//                   a TCP ping
//   t0 + interval*  (scaled by local health) no ack at all: suspect the target
#include "core/node_impl.hpp"

namespace rumor::core {

Bytes NodeImpl::encode_ping(std::uint32_t seq, const std::string& node) const {
  Bytes msg;
  codec::encode(codec::Ping{seq, node, cfg_.advertise.ip, cfg_.name, cfg_.advertise.port}, msg);
  return msg;
}

void NodeImpl::probe_tick(Time now) {
  if (probe_.active) return;  // a round still running re-arms the tick when it ends
  // memberlist's probe(): skip ourselves and dead/left members; at the end of the list
  // reap and reshuffle. At most one pass over the list.
  NameId target = kNoName;
  for (std::size_t checked = 0; checked <= table_.size() && target == kNoName; ++checked) {
    if (probe_index_ >= table_.size()) {
      reap(now);
      probe_index_ = 0;
      continue;
    }
    const NameId id = table_.order()[probe_index_++];
    if (id != self_ && !table_.dead_or_left(id)) target = id;
  }
  if (target == kNoName) {
    timers_.arm(now + cfg_.probe_interval, TimerKind::probe);
    return;
  }
  start_probe(target, now);
}

void NodeImpl::start_probe(NameId target, Time now) {
  ++stats_.probes;
  probe_ = ProbeRound{};
  probe_.gen = ++probe_gen_;
  probe_.seq = ++next_seq_;
  probe_.target = target;
  probe_.sent = now;
  probe_.deadline = now + scaled(cfg_.probe_interval);
  probe_.active = true;

  const std::string& name = table_.name(target);
  Bytes msg = encode_ping(probe_.seq, name);

  if (table_.state(target) == MemberState::alive || !cfg_.lifeguard) {
    send_message(address_of(target), target, msg);
  } else {
    // Buddy system: tell the suspect directly that it is suspected, so it can refute
    // at once instead of waiting for the rumour to reach it.
    outbox_.clear();
    outbox_.add(msg);
    codec::encode(codec::Suspect{table_.record(target).incarnation, name, cfg_.name},
                  outbox_.buffer());
    outbox_.close();
    send_outbox(address_of(target), target);
  }
  // The direct timeout is not scaled by local health: waiting longer does not help UDP
  // get through; the longer round gives indirect probes and TCP more time instead.
  timers_.arm(now + cfg_.probe_timeout, TimerKind::probe_indirect, probe_.gen);
  timers_.arm(probe_.deadline, TimerKind::probe_deadline, probe_.gen);
}

void NodeImpl::probe_indirect(std::uint64_t gen, Time /*now*/) {
  if (!probe_.active || probe_.gen != gen || probe_.acked) return;
  const NameId target = probe_.target;
  if (!table_.knows(target)) return;
  ++stats_.indirect_probes;
  probe_.indirect = true;

  const Address& target_addr = address_of(target);
  codec::IndirectPing req;
  req.seq_no = probe_.seq;
  req.target = target_addr.ip;
  req.port = target_addr.port;
  req.node = table_.name(target);
  req.source_addr = cfg_.advertise.ip;
  req.source_node = cfg_.name;
  req.source_port = cfg_.advertise.port;
  auto peers = random_members(static_cast<std::size_t>(cfg_.indirect_checks), [&](NameId id) {
    return id != target && table_.state(id) == MemberState::alive;
  });
  for (NameId peer : peers) {
    // Only peers speaking protocol 4 or later send nacks (and without Lifeguard we do
    // not ask for them).
    req.nack = cfg_.lifeguard && protocol_max(peer) >= 4;
    if (req.nack) ++probe_.expected_nacks;
    Bytes msg;
    codec::encode(req, msg);
    send_message(address_of(peer), peer, msg);
  }

  if (cfg_.tcp_fallback_ping && protocol_max(target) >= 3) {
    const Bytes msg = encode_ping(probe_.seq, req.node);
    open_stream(StreamPurpose::fallback_ping, target_addr, msg, true, probe_.deadline, probe_.seq);
  }
}

void NodeImpl::on_fallback_ack(std::uint64_t gen, std::uint32_t seq, ByteView body) {
  auto ack = codec::decode_ack(body);
  if (!ack || ack->seq_no != seq) {
    stats_.drop(DropReason::unexpected);
    return;
  }
  if (probe_.active && probe_.gen == gen) probe_.fallback_ok = true;
}

void NodeImpl::probe_deadline(std::uint64_t gen, Time now) {
  if (!probe_.active || probe_.gen != gen) return;
  if (probe_.fallback_ok) {
    // Reached over TCP only: the network may be dropping UDP. Not a failure.
    ++stats_.tcp_fallback_saves;
    if (cfg_.lifeguard) awareness_.apply_delta(-1);
    finish_probe(now);
    return;
  }
  ++stats_.probe_failures;
  if (cfg_.lifeguard) {
    // Lifeguard: missing nacks mean our own network or process is the likely culprit;
    // with nobody able to nack, any failed probe counts against us.
    int delta = 1;
    if (probe_.expected_nacks > 0) delta = std::max(0, probe_.expected_nacks - probe_.nacks);
    awareness_.apply_delta(delta);
  }
  if (table_.knows(probe_.target)) {
    const NameId target = probe_.target;
    on_suspect(codec::Suspect{table_.record(target).incarnation, table_.name(target), cfg_.name},
               now);
  }
  finish_probe(now);
}

void NodeImpl::finish_probe(Time now) {
  probe_.active = false;
  // Next round one interval after this one started, or now if the round ran longer.
  timers_.arm(std::max(now, probe_.sent + cfg_.probe_interval), TimerKind::probe);
}

void NodeImpl::on_ping(const Address& from, const codec::Ping& ping, Time /*now*/) {
  // A ping for another name: the address changed hands; don't answer for the old owner.
  if (!ping.node.empty() && ping.node != cfg_.name) {
    stats_.drop(DropReason::wrong_node);
    return;
  }
  codec::Ack ack;
  ack.seq_no = ping.seq_no;
  if (delegate_) ack.payload = delegate_->ack_payload();
  Bytes msg;
  codec::encode(ack, msg);
  const Address to = ping.source_addr.empty() ? from : Address{ping.source_addr, ping.source_port};
  // memberlist looks the peer up by address and fails, so acks go without CRC.
  send_message(to, kNoName, msg);
}

void NodeImpl::on_indirect_ping(const Address& from, const codec::IndirectPing& req, Time now) {
  const std::uint32_t seq = ++next_seq_;
  const Address requester =
      req.source_addr.empty() ? from : Address{req.source_addr, req.source_port};
  relays_[seq] = Relay{requester, req.seq_no, req.nack};

  Bytes msg = encode_ping(seq, req.node);
  send_message(Address{req.target, req.port}, find(req.node), msg);
  timers_.arm(now + cfg_.probe_timeout, TimerKind::relay_expiry, seq);
}

void NodeImpl::relay_expired(std::uint32_t seq) {
  auto it = relays_.find(seq);
  if (it == relays_.end()) return;
  const Relay relay = it->second;
  relays_.erase(it);
  // Tell the requester we are alive but could not reach the target: its own probe
  // failing is then not its own fault (Lifeguard's nack).
  if (relay.nack) {
    Bytes msg;
    codec::encode(codec::Nack{relay.requester_seq}, msg);
    send_message(relay.requester, kNoName, msg);
  }
}

void NodeImpl::on_ack(const codec::Ack& ack, Time now) {
  if (auto it = relays_.find(ack.seq_no); it != relays_.end()) {
    const Relay relay = it->second;
    relays_.erase(it);
    Bytes msg;
    codec::encode(codec::Ack{relay.requester_seq, {}}, msg);
    send_message(relay.requester, kNoName, msg);
    return;
  }
  if (!probe_.active || ack.seq_no != probe_.seq || probe_.acked) {
    stats_.drop(DropReason::unexpected);
    return;
  }
  probe_.acked = true;
  if (cfg_.lifeguard) awareness_.apply_delta(-1);
  // As memberlist: only a direct ack measures the round trip and reaches the delegate
  // (Serf's coordinates); once indirect pings are out, an ack may be relayed, carries no
  // payload, and its time includes the relay.
  if (!probe_.indirect) {
    const Duration rtt = now - probe_.sent;
    stats_.probe_rtt.record(rtt);
    if (delegate_ && table_.knows(probe_.target))
      delegate_->notify_ping_complete(scratch_member(probe_.target), rtt, ack.payload);
  }
  finish_probe(now);
}

void NodeImpl::on_nack(const codec::Nack& nack) {
  if (probe_.active && nack.seq_no == probe_.seq) {
    ++probe_.nacks;
  } else {
    stats_.drop(DropReason::unexpected);
  }
}

}  // namespace rumor::core
