// Dissemination: every gossip interval, send queued news to GossipNodes random peers
// (alive, suspect, or dead for less than GossipToTheDeadTime, so the dead hear about
// it and can refute), and piggyback the same news on every other packet we send.
#include "codec/packet.hpp"
#include "core/node_impl.hpp"

namespace rumor::core {

void NodeImpl::take_broadcasts(std::size_t overhead, std::size_t limit, std::vector<Bytes>& out,
                               std::string_view recipient) {
  const int rl = retransmit_limit();
  std::size_t used = 0;
  // memberlist serves its own queue first and gives the delegate what is left, so in
  // large clusters with churn user broadcasts starve (memberlist#299). We cap the first
  // pass for membership news at membership_share of the budget, let user broadcasts
  // have their turn, then let membership news fill whatever is still free.
  const bool capped = cfg_.membership_share < 1.0;
  const std::size_t first =
      capped ? static_cast<std::size_t>(static_cast<double>(limit) * cfg_.membership_share) : limit;
  used += membership_q_.take(overhead, first, rl, out, recipient);
  used += user_q_.take(overhead, limit - used, rl, out);
  // Delegate broadcasts are framed as user messages ([8][payload]), as memberlist does.
  constexpr std::size_t kUserMsgOverhead = 1;
  if (delegate_ && used + overhead + kUserMsgOverhead < limit) {
    std::vector<Bytes> user;
    delegate_->get_broadcasts(overhead + kUserMsgOverhead, limit - used, user);
    for (const Bytes& payload : user) {
      Bytes framed;
      codec::encode_user(payload, framed);
      used += framed.size() + overhead;
      out.push_back(std::move(framed));
    }
  }
  // The second pass must not take again what the first put in this packet: a message
  // twice in one packet spends two of its transmissions on one peer.
  if (capped && used < limit)
    used += membership_q_.take(overhead, limit - used, rl, out, recipient,
                               BroadcastQueue::Pass::same_packet);
}

void NodeImpl::gossip_tick(Time now) {
  if (membership_q_.empty() && user_q_.empty() && !delegate_) return;
  auto peers = random_members(static_cast<std::size_t>(cfg_.gossip_nodes), [&](const Entry& e) {
    switch (e.m.state) {
      case MemberState::alive:
      case MemberState::suspect:
        return true;
      case MemberState::dead:
        return now - e.m.state_change <= cfg_.gossip_to_the_dead_time;
      case MemberState::left:
        return false;
    }
    return false;
  });
  const std::size_t budget = cfg_.packet_budget - std::min(cfg_.packet_budget, packet_overhead()) -
                             codec::kCompoundHeaderOverhead;
  std::vector<Bytes> msgs;
  for (Entry* peer : peers) {
    msgs.clear();
    take_broadcasts(codec::kCompoundPartOverhead, budget, msgs, peer->m.name);
    if (msgs.empty()) return;
    send_messages(peer->m.address, &peer->m, msgs);
  }
}

}  // namespace rumor::core
