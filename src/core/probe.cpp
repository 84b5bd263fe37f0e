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
  Entry* target = nullptr;
  for (std::size_t checked = 0; checked <= order_.size() && !target; ++checked) {
    if (probe_index_ >= order_.size()) {
      reap(now);
      probe_index_ = 0;
      continue;
    }
    Entry* e = order_[probe_index_++];
    if (e != self_ && !e->m.dead_or_left()) target = e;
  }
  if (!target) {
    timers_.arm(now + cfg_.probe_interval, TimerKind::probe);
    return;
  }
  start_probe(*target, now);
}

void NodeImpl::start_probe(Entry& target, Time now) {
  ++stats_.probes;
  probe_ = ProbeRound{};
  probe_.gen = ++probe_gen_;
  probe_.seq = ++next_seq_;
  probe_.target = target.m.name;
  probe_.sent = now;
  probe_.deadline = now + scaled(cfg_.probe_interval);
  probe_.active = true;

  Bytes msg = encode_ping(probe_.seq, target.m.name);

  if (target.m.state == MemberState::alive || !cfg_.lifeguard) {
    send_message(target.m.address, &target.m, std::move(msg));
  } else {
    // Buddy system: tell the suspect directly that it is suspected, so it can refute
    // at once instead of waiting for the rumour to reach it.
    std::vector<Bytes> msgs;
    msgs.push_back(std::move(msg));
    Bytes suspect;
    codec::encode(codec::Suspect{target.m.incarnation, target.m.name, cfg_.name}, suspect);
    msgs.push_back(std::move(suspect));
    send_messages(target.m.address, &target.m, msgs);
  }
  // The direct timeout is not scaled by local health: waiting longer does not help UDP
  // get through; the longer round gives indirect probes and TCP more time instead.
  timers_.arm(now + cfg_.probe_timeout, TimerKind::probe_indirect, probe_.gen);
  timers_.arm(probe_.deadline, TimerKind::probe_deadline, probe_.gen);
}

void NodeImpl::probe_indirect(std::uint64_t gen, Time /*now*/) {
  if (!probe_.active || probe_.gen != gen || probe_.acked) return;
  Entry* target = find(probe_.target);
  if (!target) return;
  ++stats_.indirect_probes;
  probe_.indirect = true;

  codec::IndirectPing req;
  req.seq_no = probe_.seq;
  req.target = target->m.address.ip;
  req.port = target->m.address.port;
  req.node = target->m.name;
  req.source_addr = cfg_.advertise.ip;
  req.source_node = cfg_.name;
  req.source_port = cfg_.advertise.port;
  auto peers = random_members(static_cast<std::size_t>(cfg_.indirect_checks), [&](const Entry& e) {
    return &e != target && e.m.state == MemberState::alive;
  });
  for (Entry* peer : peers) {
    // Only peers speaking protocol 4 or later send nacks (and without Lifeguard we do
    // not ask for them).
    req.nack = cfg_.lifeguard && peer->m.protocol_max() >= 4;
    if (req.nack) ++probe_.expected_nacks;
    Bytes msg;
    codec::encode(req, msg);
    send_message(peer->m.address, &peer->m, std::move(msg));
  }

  if (cfg_.tcp_fallback_ping && target->m.protocol_max() >= 3) {
    const Bytes msg = encode_ping(probe_.seq, target->m.name);
    open_stream(StreamPurpose::fallback_ping, target->m.address, msg, true, probe_.deadline,
                probe_.seq);
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
  if (Entry* target = find(probe_.target)) {
    codec::Suspect s{target->m.incarnation, target->m.name, cfg_.name};
    on_suspect(s, now);
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
  send_message(to, nullptr, std::move(msg));
}

void NodeImpl::on_indirect_ping(const Address& from, const codec::IndirectPing& req, Time now) {
  const std::uint32_t seq = ++next_seq_;
  const Address requester =
      req.source_addr.empty() ? from : Address{req.source_addr, req.source_port};
  relays_[seq] = Relay{requester, req.seq_no, req.nack};

  Bytes msg = encode_ping(seq, req.node);
  const Entry* target = find(req.node);
  send_message(Address{req.target, req.port}, target ? &target->m : nullptr, std::move(msg));
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
    send_message(relay.requester, nullptr, std::move(msg));
  }
}

void NodeImpl::on_ack(const codec::Ack& ack, Time now) {
  if (auto it = relays_.find(ack.seq_no); it != relays_.end()) {
    const Relay relay = it->second;
    relays_.erase(it);
    Bytes msg;
    codec::encode(codec::Ack{relay.requester_seq, {}}, msg);
    send_message(relay.requester, nullptr, std::move(msg));
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
    if (delegate_) {
      if (const Entry* target = find(probe_.target))
        delegate_->notify_ping_complete(target->m, rtt, ack.payload);
    }
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
