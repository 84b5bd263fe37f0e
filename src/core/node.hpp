// rumor::core::Node — one SWIM + Lifeguard member as a pure state machine.
//
// Inputs are method calls carrying `now`; effects go to the Effects sink; upper layers
// hear about members and messages through the Delegate. The node keeps its own timer
// queue and exposes only its earliest deadline: a shell calls on_timeout(now) once
// next_deadline() <= now. (Departure from ARCHITECTURE.md's arm(timer, token) sketch:
// one deadline per node keeps shells trivial and keeps staleness checks inside the core.)
//
// Same config, same seed, same inputs => same effects, bit for bit.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "codec/bytes.hpp"
#include "codec/ip.hpp"
#include "codec/messages.hpp"
#include "core/config.hpp"
#include "core/delegate.hpp"
#include "core/effects.hpp"
#include "core/identities.hpp"
#include "core/member.hpp"
#include "core/peer_traffic.hpp"
#include "core/stats.hpp"
#include "core/time.hpp"
#include <rumor/export.hpp>

// Private (core/node_impl.hpp), declared outside the public region: a class takes its
// visibility from its first declaration, so librumor.so keeps NodeImpl hidden.
namespace rumor::core {
class NodeImpl;
}  // namespace rumor::core

RUMOR_PUBLIC_BEGIN
namespace rumor::core {

class Node {
 public:
  // `delegate` may be null. `fx` and `delegate` must outlive the node. Throws
  // std::invalid_argument when config.validate() finds a problem. `identities`: where
  // who members are is stored, shared with other nodes driven by the same thread (the
  // simulator shares one among thousands); null: a table of the node's own.
  Node(Config config, Effects& fx, Delegate* delegate, std::uint64_t seed,
       std::shared_ptr<Identities> identities = nullptr);
  ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;
  Node(Node&&) noexcept;
  Node& operator=(Node&&) noexcept;

  // ---- lifecycle -------------------------------------------------------------------
  // Become alive (incarnation 1) and start the probe, gossip, push/pull and reconnect
  // schedules. Call once, before any other input.
  void start(Time now);
  // Push/pull (join=true) with each seed; results arrive via Delegate::notify_join_result.
  // Seeds are also remembered as a way back after a partition.
  void join(std::span<const Address> seeds, Time now);
  // Members we knew before a restart (a snapshot of the member list): each unknown one is
  // added alive at its incarnation and reported to the delegate as a join, without any
  // news being queued about it. Call after start(). The simulator starts converged
  // clusters this way; memberlist has no such input (a restarted agent rejoins).
  void restore(std::span<const codec::AliveView> members, Time now);
  // Broadcast our graceful leave. The node keeps gossiping so the news spreads; see
  // leave_propagated().
  void leave(Time now);
  // True once our leave message has been transmitted retransmit_limit times, or there is
  // nobody alive to tell.
  bool leave_propagated() const;

  // ---- inputs from the network and the clock ----------------------------------------
  void on_packet(const Address& from, ByteView packet, Time now);
  // An inbound stream carrying one request; the node may reply_stream(id, ...) at once.
  void on_stream(StreamId id, const Address& from, ByteView request, Time now);
  void on_stream_reply(StreamId id, ByteView reply, Time now);
  void on_stream_failed(StreamId id, Time now);
  // Earliest time the node needs on_timeout(); kNever if nothing is scheduled.
  Time next_deadline() const;
  // Runs every timer due at or before `now`.
  void on_timeout(Time now);

  // ---- calls from the layers above --------------------------------------------------
  // Queue a user broadcast, piggybacked like membership news, retransmit_limit times.
  // A non-empty `key` replaces any queued broadcast with the same key.
  void broadcast(Bytes msg, std::string_view key = {});
  // The delegate has queued fresh broadcasts of its own (Delegate::get_broadcasts): with
  // eager gossip on (Config::eager_gossip_interval), gossip them in an extra round now,
  // or as soon as the interval allows. Safe to call from inside a delegate callback: it
  // only arms a timer, which next_deadline() then reports.
  void news_queued();
  // A user message to one address: best effort (UDP packet) or reliable (stream).
  void send_user_message(const Address& to, ByteView msg, bool reliable, Time now);
  // Re-read Delegate::node_meta and announce it with a new incarnation.
  void update_meta(Time now);
  // A new keyring (Serf's install, use and remove key): everything sealed or opened from
  // now on uses it. False, and nothing changes, on a node built without encryption:
  // memberlist cannot switch encryption on in a running cluster either.
  bool set_keyring(codec::Keyring ring);

  // ---- queries ----------------------------------------------------------------------
  // Members are stored compactly (member_table.hpp); these build copies.
  const Config& config() const;
  Member self() const;
  // Nothing if unknown (never seen, or reaped).
  std::optional<Member> member(std::string_view name) const;
  std::optional<MemberState> member_state(std::string_view name) const;  // no copy
  // Every known member, self included, in no particular order.
  std::vector<Member> members() const;
  std::size_t num_members() const;  // known members, dead ones until reaped (estNumNodes)
  std::size_t num_alive() const;    // alive or suspect, self included
  int health_score() const;         // Lifeguard awareness, 0 = healthy
  const Stats& stats() const;
  // The keyring in use; null on a node without encryption. (config().encryption.keyring
  // is the one the node started with, not changed by set_keyring.)
  const codec::Keyring* keyring() const;
  // Traffic with each current member (empty unless Config::peer_traffic); a copy.
  std::vector<PeerTraffic> peer_traffic() const;
  std::size_t queued_broadcasts() const;  // membership + user, for metrics

 private:
  std::unique_ptr<NodeImpl> impl_;
};

}  // namespace rumor::core
RUMOR_PUBLIC_END
