// Anti-entropy: full state exchange over a stream, with a random live member every
// push/pull period (scaled with cluster size), and on join with each seed.
//
// The way back after a partition is ours, not memberlist's (Serf, Cassandra and
// chitchat each do it above or beside their membership layer): every reconnect
// interval we push/pull with one member we saw die (kept past reaping for
// reconnect_timeout), or with a seed if we are alone. Once the network heals, the first
// such exchange merges the two sides' views and gossip does the rest.
#include <array>
#include <optional>

#include "core/node_impl.hpp"

namespace rumor::core {

Bytes NodeImpl::encode_local_state(bool join) {
  // Built afresh: a buffer kept per node would cost N node states on each of N nodes.
  // Each card's node state is encoded once, in the shared Identities; this only adds
  // our view (incarnation and state) between its runs.
  Bytes user;
  if (delegate_) user = delegate_->local_state(join);
  Bytes out;
  codec::begin_push_pull(join, table_.size(), user.size(), last_local_state_ + user.size(), out);
  // Three lookups per member, each a likely cache miss at thousands of members (record,
  // card slot, its bytes): started ahead of use, in that order, so they overlap.
  const std::vector<NameId>& order = table_.order();
  const std::size_t n = order.size();
  constexpr std::size_t kRecordAhead = 24, kCardAhead = 12, kBytesAhead = 6;
  auto card_at = [&](std::size_t i) { return table_.record(order[i]).card(); };
  for (std::size_t i = 0; i < n; ++i) {
    if (i + kRecordAhead < n) table_.prefetch_record(order[i + kRecordAhead]);
    if (i + kCardAhead < n) ids_->prefetch_card(card_at(i + kCardAhead));
    if (i + kBytesAhead < n) ids_->prefetch_node_state(card_at(i + kBytesAhead));
    const MemberRecord& r = table_.record(order[i]);
    codec::append_node_state(ids_->node_state(r.card()), r.incarnation,
                             static_cast<codec::WireState>(table_.state(order[i])), out);
  }
  last_local_state_ = out.size();
  out.insert(out.end(), user.begin(), user.end());
  return out;
}

void NodeImpl::merge_remote_state(const codec::PushPullView& remote, Time now) {
  ++stats_.push_pulls;
  merging_ = true;
  merge_taught_ = false;
  pulled_already_sent_ = 0;
  if (cfg_.pulled_alive_transmits) {
    // Config::pulled_alive_transmits: only when spreading them in full would keep our
    // gossip busy for longer than a push/pull interval. Counted against the limit for
    // the size the merge may grow us to.
    const std::size_t ours = table_.size(), theirs = remote.nodes.size();
    const int limit = cfg_.retransmit_limit(ours + theirs);
    const std::size_t sends = (theirs > ours ? theirs - ours : 0) * static_cast<std::size_t>(limit);
    if (sends > cfg_.gossip_capacity(cfg_.push_pull_interval)) {
      const int transmits = *cfg_.pulled_alive_transmits;
      pulled_already_sent_ = transmits == 0 ? kNotToSpread : std::max(0, limit - transmits);
    }
  }
  // memberlist's mergeState. A remote "dead" or "suspect" only makes us suspect: the
  // member gets its chance to refute before we believe it.
  // A few states ahead, bring our record of the member into cache (see on_packet).
  // The lookup is kept for on_alive while no name has come or gone since (as on_packet),
  // and halfway there the record's card is fetched too.
  constexpr std::size_t kAhead = 8, kCardAhead = 4;
  const std::size_t count = remote.nodes.size();
  std::array<NameId, kAhead> names{};
  std::array<std::uint64_t, kAhead> generations{};
  const Identities& ids = table_.identities();
  auto look_ahead = [&](std::size_t i) {
    names[i % kAhead] = table_.prefetch(remote.nodes[i].name);
    generations[i % kAhead] = ids.name_generation();
  };
  for (std::size_t i = 0; i < std::min(kAhead, count); ++i) look_ahead(i);
  for (std::size_t i = 0; i < count; ++i) {
    if (i + kCardAhead < count) table_.prefetch_card(names[(i + kCardAhead) % kAhead]);
    const codec::PushNodeStateView& n = remote.nodes[i];
    const NameId looked_up = names[i % kAhead];
    const bool still_valid = generations[i % kAhead] == ids.name_generation();
    if (i + kAhead < count) look_ahead(i + kAhead);
    switch (n.state) {
      case codec::WireState::alive:
        on_alive(codec::AliveView{n.incarnation, n.name, n.addr, n.port, n.meta, n.vsn}, false, now,
                 still_valid ? std::optional(looked_up) : std::nullopt);
        break;
      case codec::WireState::left:
        on_dead(codec::Dead{n.incarnation, std::string(n.name), std::string(n.name)}, now);
        break;
      case codec::WireState::dead:
      case codec::WireState::suspect:
        on_suspect(codec::Suspect{n.incarnation, std::string(n.name), cfg_.name}, now);
        break;
    }
  }
  merging_ = false;
  // Config::push_pull_while_learning: this exchange found a difference, so look again
  // at the base interval rather than the stretched one.
  if (merge_taught_ && cfg_.push_pull_while_learning &&
      cfg_.push_pull_interval > Duration::zero() && push_pull_due_ > now + cfg_.push_pull_interval)
    rearm_push_pull(now + cfg_.push_pull_interval);
  if (delegate_ && !remote.user_state.empty())
    delegate_->merge_remote_state(remote.user_state, remote.join);
}

void NodeImpl::join(std::span<const Address> seeds, Time now) {
  if (!started_) {
    // Nothing to join with yet; say so rather than leave the caller waiting.
    if (delegate_)
      for (const Address& seed : seeds) delegate_->notify_join_result(seed, false);
    return;
  }
  Bytes state = encode_local_state(/*join=*/true);
  for (const Address& seed : seeds) {
    if (std::find(seeds_.begin(), seeds_.end(), seed) == seeds_.end()) seeds_.push_back(seed);
    open_stream(StreamPurpose::join, seed, state, true, now + cfg_.tcp_timeout);
  }
}

void NodeImpl::push_pull_tick(Time now) {
  auto peers = random_members(1, [&](NameId id) { return table_.state(id) == MemberState::alive; });
  if (peers.empty()) return;
  Bytes state = encode_local_state(false);
  open_stream(StreamPurpose::push_pull, address_of(peers.front()), state, true,
              now + cfg_.tcp_timeout);
}

void NodeImpl::remember_grave(NameId id, Time now) {
  forget_grave(table_.name(id));
  graves_.push_back(Grave{table_.name(id), address_of(id), now});
}

void NodeImpl::forget_grave(std::string_view name) {
  for (std::size_t i = 0; i < graves_.size(); ++i) {
    if (graves_[i].name == name) {
      graves_[i] = std::move(graves_.back());
      graves_.pop_back();
      return;
    }
  }
}

void NodeImpl::reconnect_tick(Time now) {
  if (left_) return;
  std::erase_if(graves_, [&](const Grave& g) { return now - g.died > cfg_.reconnect_timeout; });
  const Address* target = nullptr;
  if (!graves_.empty()) {
    target = &graves_[rng_.below(graves_.size())].address;
  } else if (table_.alive_count() <= 1 && !seeds_.empty()) {
    target = &seeds_[rng_.below(seeds_.size())];
  }
  if (!target) return;
  ++stats_.reconnect_attempts;
  Bytes state = encode_local_state(false);
  open_stream(StreamPurpose::reconnect, *target, state, true, now + cfg_.tcp_timeout);
}

}  // namespace rumor::core
