// Dissemination: every gossip interval, send queued news to GossipNodes random peers
// (alive, suspect, or dead for less than GossipToTheDeadTime, so the dead hear about
// it and can refute), and piggyback the same news on every other packet we send.
#include "codec/packet.hpp"
#include "core/node_impl.hpp"

namespace rumor::core {

std::size_t NodeImpl::take_membership(std::size_t overhead, std::size_t limit, Outbox& out,
                                      NameId recipient, MembershipQueue::Pass pass) {
  return membership_q_.take(overhead, limit, retransmit_limit(),
                            recipient == kNoName ? MembershipQueue::kNoRecipient : recipient, pass,
                            [&](ByteView msg) { out.add(msg); });
}

void NodeImpl::take_broadcasts(std::size_t overhead, std::size_t limit, Outbox& out,
                               NameId recipient) {
  const int rl = retransmit_limit();
  std::size_t used = 0;
  // memberlist serves its own queue first and gives the delegate what is left, so in
  // large clusters with churn user broadcasts starve (memberlist#299). We cap the first
  // pass for membership news at membership_share of the budget, let user broadcasts
  // have their turn, then let membership news fill whatever is still free.
  const bool capped = cfg_.membership_share < 1.0;
  const std::size_t first =
      capped ? static_cast<std::size_t>(static_cast<double>(limit) * cfg_.membership_share) : limit;
  used += take_membership(overhead, first, out, recipient, MembershipQueue::Pass::new_packet);
  used += user_q_.take_each(overhead, limit - used, rl, {}, [&](ByteView m) { out.add(m); });
  // Delegate broadcasts are framed as user messages ([8][payload]), as memberlist does.
  constexpr std::size_t kUserMsgOverhead = 1;
  if (delegate_ && used + overhead + kUserMsgOverhead < limit) {
    std::vector<Bytes> user;
    delegate_->get_broadcasts(overhead + kUserMsgOverhead, limit - used, user);
    for (const Bytes& payload : user) {
      const std::size_t before = out.buffer().size();
      codec::encode_user(payload, out.buffer());
      used += out.buffer().size() - before + overhead;
      out.close();
    }
  }
  // The second pass must not take again what the first put in this packet: a message
  // twice in one packet spends two of its transmissions on one peer.
  if (capped && used < limit)
    used +=
        take_membership(overhead, limit - used, out, recipient, MembershipQueue::Pass::same_packet);
}

void NodeImpl::news_queued() {
  if (cfg_.eager_gossip_interval <= Duration::zero() || !started_ || eager_armed_) return;
  // now_ may be the last input's time when news is queued between inputs; a deadline in
  // the past just runs at the next on_timeout.
  Time at = now_;
  if (last_eager_) at = std::max(at, *last_eager_ + cfg_.eager_gossip_interval);
  timers_.arm(at, TimerKind::eager_gossip);
  eager_armed_ = true;
}

// The extra round is a gossip round like the tick's (same peers rule, same budget); the
// regular ticks keep their phase.
void NodeImpl::eager_gossip(Time now) {
  eager_armed_ = false;
  last_eager_ = now;
  gossip_tick(now);
}

void NodeImpl::gossip_tick(Time now) {
  // Departure: memberlist chooses its peers before it looks for news; we look first, so
  // an idle cluster's gossip rounds cost nothing (it changes only which random numbers
  // later choices draw).
  if (membership_q_.empty() && user_q_.empty() && (!delegate_ || !delegate_->has_broadcasts()))
    return;
  auto peers = random_members(static_cast<std::size_t>(cfg_.gossip_nodes), [&](NameId id) {
    switch (table_.state(id)) {
      case MemberState::alive:
      case MemberState::suspect:
        return true;
      case MemberState::dead:
        return now - table_.record(id).since <= cfg_.gossip_to_the_dead_time;
      case MemberState::left:
        return false;
    }
    return false;
  });
  const std::size_t budget = cfg_.packet_budget - std::min(cfg_.packet_budget, packet_overhead()) -
                             codec::kCompoundHeaderOverhead;
  for (NameId peer : peers) {
    outbox_.clear();
    take_broadcasts(codec::kCompoundPartOverhead, budget, outbox_, peer);
    if (outbox_.empty()) return;
    send_outbox(address_of(peer), peer);
  }
}

}  // namespace rumor::core
