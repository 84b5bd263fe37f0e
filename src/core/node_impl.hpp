// NodeImpl: the state behind core::Node and the declarations of its parts. The
// definitions are split by concept:
//   node.cpp        lifecycle, queries, timer dispatch
//   transport.cpp   sealing and sending packets (with piggyback), opening inbound ones
//   probe.cpp       SWIM probing: ping, indirect ping, nack, TCP fallback, awareness
//   rules.cpp       the membership rules: alive, suspect, dead, refute
//   gossip.cpp      dissemination: gossip rounds and the shared piggyback budget
//   push_pull.cpp   anti-entropy, join, and the way back after a partition
//
// Where we depart from memberlist, the comment at the spot says so.
#pragma once

#include <algorithm>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "codec/messages.hpp"
#include "codec/packet.hpp"
#include "core/awareness.hpp"
#include "core/broadcast_queue.hpp"
#include "core/config.hpp"
#include "core/delegate.hpp"
#include "core/effects.hpp"
#include "core/identities.hpp"
#include "core/member.hpp"
#include "core/member_table.hpp"
#include "core/membership_queue.hpp"
#include "core/outbox.hpp"
#include "core/peer_traffic.hpp"
#include "core/rng.hpp"
#include "core/stats.hpp"
#include "core/suspicion.hpp"
#include "core/timer_queue.hpp"

namespace rumor::core {

// The probe round in flight (memberlist's probeNode, as data instead of a goroutine).
struct ProbeRound {
  std::uint64_t gen = 0;  // identifies the round for its timers
  std::uint32_t seq = 0;
  NameId target = kNoName;  // stable for the round: only probe_tick reaps, between rounds
  Time sent{0};
  Time deadline{0};
  bool active = false;
  bool acked = false;
  bool indirect = false;  // the indirect phase has started: an ack may be a relayed one
  bool fallback_ok = false;
  int expected_nacks = 0;
  int nacks = 0;
};

// An indirect ping we relay for someone else.
struct Relay {
  Address requester;
  std::uint32_t requester_seq = 0;
  bool nack = false;
};

enum class StreamPurpose : std::uint8_t { join, push_pull, reconnect, fallback_ping, user };
struct PendingStream {
  StreamPurpose purpose;
  Address peer;
  std::uint32_t seq = 0;  // fallback ping: the probe's seq no
  std::uint64_t probe_gen = 0;
};

// Lifeguard's state while we suspect a member.
struct Suspected {
  Suspicion suspicion;
  std::uint64_t token;  // the timer's staleness token: unique per suspicion
};

// A member we saw die: kept past reaping so we can try it after a partition heals.
struct Grave {
  std::string name;
  Address address;
  Time died{0};
};

class NodeImpl {
 public:
  NodeImpl(Config config, Effects& fx, Delegate* delegate, std::uint64_t seed,
           std::shared_ptr<Identities> identities);

  // ---- node.cpp ----
  void start(Time now);
  void join(std::span<const Address> seeds, Time now);
  void restore(std::span<const codec::AliveView> members, Time now);
  void leave(Time now);
  bool leave_propagated() const;
  void on_timeout(Time now);
  void update_meta(Time now);
  Time staggered(Duration period, Time now);  // a random point within one period
  void arm_push_pull(Time now);               // supersedes any pending push_pull timer
  void rearm_push_pull(Time at);              // the one push_pull timer that counts
  // Ends a push/pull period: notes the table size it ended with and returns the next
  // period's length (Config::push_pull_while_learning).
  Duration end_push_pull_period();
  NameId find(std::string_view name) const noexcept { return table_.find(name); }
  std::vector<std::uint8_t> our_vsn() const;
  std::size_t cluster_size() const noexcept { return table_.size(); }
  int retransmit_limit() const { return cfg_.retransmit_limit(cluster_size()); }
  Duration scaled(Duration d) const { return cfg_.lifeguard ? awareness_.scale(d) : d; }
  // k distinct random members accepted by `want` (memberlist's kRandomNodes).
  template <class Pred>
  std::vector<NameId> random_members(std::size_t k, Pred want);
  const Address& address_of(NameId id) const noexcept { return table_.card(id).address; }
  std::uint8_t protocol_max(NameId id) const noexcept {
    const codec::Vsn& v = table_.card(id).vsn;
    return v.size() > 1 ? v[1] : 0;
  }
  // The Member a delegate call reports, built in reused buffers (valid for the call).
  const Member& scratch_member(NameId id) {
    table_.fill(scratch_, id);
    return scratch_;
  }

  // ---- transport.cpp ----
  void on_packet(const Address& from, ByteView packet, Time now);
  void handle_message(const Address& from, codec::MessageType type, ByteView body, Time now);
  // Sends one encoded message, filling the rest of the packet with piggybacked news.
  // `target`: the member at `to`, or kNoName when unknown.
  void send_message(const Address& to, NameId target, ByteView msg);
  // Sends what outbox_ holds as it is (no piggyback), compounding when more than one.
  void send_outbox(const Address& to, NameId target);
  void open_stream(StreamPurpose purpose, const Address& to, ByteView msg, bool expect_reply,
                   Time deadline, std::uint32_t seq = 0);
  void on_stream(StreamId id, const Address& from, ByteView request, Time now);
  void on_stream_reply(StreamId id, ByteView reply, Time now);
  void on_stream_failed(StreamId id, Time now);
  void count_out(ByteView msg);
  void count_in(codec::MessageType type, std::size_t bytes);
  // What sealing adds around a packet's messages: label, CRC and encryption headers.
  std::size_t packet_overhead() const;
  // The rest of an inbound packet or stream that opened; counts a plain one we accepted.
  void count_opened(bool decrypted);
  // Per-member traffic (Config::peer_traffic), stamped with now_.
  void count_peer_out(const Address& to, std::size_t msgs, std::size_t bytes);
  void count_peer_in(const Address& from, std::size_t msgs, std::size_t bytes);

  // ---- probe.cpp ----
  void probe_tick(Time now);
  void start_probe(NameId target, Time now);
  void probe_indirect(std::uint64_t gen, Time now);
  void probe_deadline(std::uint64_t gen, Time now);
  void finish_probe(Time now);
  void on_ping(const Address& from, const codec::Ping& ping, Time now);
  void on_indirect_ping(const Address& from, const codec::IndirectPing& req, Time now);
  void on_ack(const codec::Ack& ack, Time now);
  void on_nack(const codec::Nack& nack);
  void relay_expired(std::uint32_t seq);
  void on_fallback_ack(std::uint64_t gen, std::uint32_t seq, ByteView reply);
  // [0][ping] for `node`, answering to our advertised address.
  Bytes encode_ping(std::uint32_t seq, const std::string& node) const;

  // ---- rules.cpp ----
  // `resolved`: find_name's answer for a.node, when the caller has a valid one.
  void on_alive(const codec::AliveView& a, bool bootstrap, Time now,
                std::optional<NameId> resolved = std::nullopt);
  void on_suspect(const codec::Suspect& s, Time now);
  void forward_accusation(NameId id, Time now);
  void on_dead(const codec::Dead& d, Time now);
  void refute(std::uint32_t accused_incarnation, Time now);
  void suspicion_expired(NameId id, std::uint64_t token, Time now);
  // Queue news about a member, replacing any queued news about it: its alive as its
  // record now says, or a suspect / dead message.
  void queue_alive(NameId about);
  void queue_rumour(NameId about, codec::MessageType type, std::uint32_t incarnation,
                    std::string_view from);
  void clear_suspicion(NameId id);
  // Takes over the caller's card reference.
  void set_card(NameId id, const Address& address, ByteView meta, ByteView vsn);
  void reap(Time now);

  // ---- gossip.cpp ----
  void gossip_tick(Time now);
  // Fresh news was queued: with eager gossip on, arm the extra round (once).
  void news_queued();
  void eager_gossip(Time now);
  // `recipient`: name of the member the packet goes to (empty if unknown).
  void take_broadcasts(std::size_t overhead, std::size_t limit, Outbox& out, NameId recipient);
  // One membership pass of take_broadcasts.
  std::size_t take_membership(std::size_t overhead, std::size_t limit, Outbox& out,
                              NameId recipient, MembershipQueue::Pass pass);

  // ---- push_pull.cpp ----
  void push_pull_tick(Time now);
  void reconnect_tick(Time now);
  Bytes encode_local_state(bool join);
  void merge_remote_state(const codec::PushPullView& remote, Time now);
  void remember_grave(NameId id, Time now);
  void forget_grave(std::string_view name);

  // ---- state ----
  Config cfg_;
  // Our own copy of the keyring (see Node::set_keyring); seal_ and decrypt_ point to it.
  std::optional<codec::Keyring> keyring_;
  // Built once from cfg_ (its label and compression live as long as we do);
  // send_messages sets seal_.crc per recipient.
  codec::SealOptions seal_;
  codec::DecryptOptions decrypt_;
  Effects& fx_;
  Delegate* delegate_;
  Rng rng_;
  Stats stats_;
  PeerTable peers_;  // empty unless cfg_.peer_traffic
  // The time of the input being handled; the facade sets it, so that sends deep inside
  // a handler can stamp per-peer traffic without threading `now` through every call.
  Time now_{0};
  Awareness awareness_;
  TimerQueue timers_;

  // Who members are (shared with the other nodes of the shell, if it wants) and what we
  // believe about each; the probe order is the table's.
  std::shared_ptr<Identities> ids_;
  MemberTable table_;
  std::size_t probe_index_ = 0;
  NameId self_ = kNoName;
  std::unordered_map<NameId, Suspected> suspicions_;
  std::uint64_t next_suspicion_token_ = 0;
  Member scratch_, scratch_other_;  // see scratch_member()
  Bytes scratch_message_;
  std::size_t last_local_state_ = 0;  // bytes of our last push/pull: the next one's reserve
  // The packet being filled and its sealing: reused, so sending allocates nothing.
  Outbox outbox_;
  std::vector<ByteView> views_, group_;
  Bytes compound_, sealed_;

  std::uint32_t incarnation_ = 0;
  std::uint32_t next_seq_ = 0;
  ProbeRound probe_;
  std::uint64_t probe_gen_ = 0;
  std::uint64_t push_pull_gen_ = 0;  // the push_pull timer that counts; older ones are stale
  Time push_pull_due_{0};
  std::size_t members_at_push_pull_ = 0;  // table size at the last push_pull tick
  std::unordered_map<std::uint32_t, Relay> relays_;

  MembershipQueue membership_q_;
  BroadcastQueue user_q_;
  bool merging_ = false;       // inside merge_remote_state
  bool merge_taught_ = false;  // the merge under way added a member
  // Config::pulled_alive_transmits: what the merge under way counts its alives as sent.
  static constexpr int kNotToSpread = -1;  // applied, not queued at all
  int pulled_already_sent_ = 0;
  bool leave_queued_ = false;  // our graceful leave's dead message went into membership_q_
  bool eager_armed_ = false;   // an eager_gossip timer is pending
  std::optional<Time> last_eager_;
  bool started_ = false;
  bool left_ = false;

  StreamId next_stream_ = 1;
  std::unordered_map<StreamId, PendingStream> streams_;
  std::vector<Address> seeds_;
  std::vector<Grave> graves_;
  // When we last told a suspect or dead member of its accusation (forward_accusation).
  std::unordered_map<NameId, Time> accusations_sent_;
  Time accusations_swept_{0};
};

template <class Pred>
std::vector<NameId> NodeImpl::random_members(std::size_t k, Pred want) {
  std::vector<NameId> out;
  const std::vector<NameId>& order = table_.order();
  const std::size_t n = order.size();
  for (std::size_t i = 0; i < 3 * n && out.size() < k; ++i) {
    const NameId id = order[rng_.below(n)];
    if (id == self_ || !want(id)) continue;
    if (std::find(out.begin(), out.end(), id) != out.end()) continue;
    out.push_back(id);
  }
  return out;
}

}  // namespace rumor::core
