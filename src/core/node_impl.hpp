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
#include "core/member.hpp"
#include "core/peer_traffic.hpp"
#include "core/rng.hpp"
#include "core/stats.hpp"
#include "core/suspicion.hpp"
#include "core/timer_queue.hpp"

namespace rumor::core {

// A member plus what this node tracks about it.
struct Entry {
  Member m;
  std::optional<Suspicion> suspicion;
  std::uint64_t suspicion_token = 0;  // bumps whenever a suspicion starts or ends
};

// The probe round in flight (memberlist's probeNode, as data instead of a goroutine).
struct ProbeRound {
  std::uint64_t gen = 0;  // identifies the round for its timers
  std::uint32_t seq = 0;
  std::string target;
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

// A member we saw die: kept past reaping so we can try it after a partition heals.
struct Grave {
  std::string name;
  Address address;
  Time died{0};
};

class NodeImpl {
 public:
  NodeImpl(Config config, Effects& fx, Delegate* delegate, std::uint64_t seed);

  // ---- node.cpp ----
  void start(Time now);
  void join(std::span<const Address> seeds, Time now);
  void leave(Time now);
  bool leave_propagated() const;
  void on_timeout(Time now);
  void update_meta(Time now);
  Entry* find(std::string_view name);
  const Entry* find(std::string_view name) const;
  std::vector<std::uint8_t> our_vsn() const;
  std::size_t cluster_size() const noexcept { return order_.size(); }
  int retransmit_limit() const { return cfg_.retransmit_limit(cluster_size()); }
  Duration scaled(Duration d) const { return cfg_.lifeguard ? awareness_.scale(d) : d; }
  // k distinct random members accepted by `want` (memberlist's kRandomNodes).
  template <class Pred>
  std::vector<Entry*> random_members(std::size_t k, Pred want);
  void set_state(Entry& e, MemberState s, Time now);

  // ---- transport.cpp ----
  void on_packet(const Address& from, ByteView packet, Time now);
  void handle_message(const Address& from, codec::MessageType type, ByteView body, Time now);
  // Sends one encoded message, filling the rest of the packet with piggybacked news.
  void send_message(const Address& to, const Member* target, Bytes msg);
  // Sends these messages as they are (no piggyback), compounding when more than one.
  void send_messages(const Address& to, const Member* target, std::vector<Bytes>& msgs);
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
  void start_probe(Entry& target, Time now);
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
  void on_alive(const codec::Alive& a, bool bootstrap, Time now);
  void on_suspect(const codec::Suspect& s, Time now);
  void on_dead(const codec::Dead& d, Time now);
  void refute(Entry& self, std::uint32_t accused_incarnation, Time now);
  void suspicion_expired(const std::string& name, std::uint64_t token, Time now);
  void queue_membership(std::string_view about, Bytes msg, bool is_alive = false);
  void clear_suspicion(Entry& e);
  Entry& add_member(const codec::Alive& a, Time now);
  void reap(Time now);

  // ---- gossip.cpp ----
  void gossip_tick(Time now);
  // `recipient`: name of the member the packet goes to (empty if unknown).
  void take_broadcasts(std::size_t overhead, std::size_t limit, std::vector<Bytes>& out,
                       std::string_view recipient);

  // ---- push_pull.cpp ----
  void push_pull_tick(Time now);
  void reconnect_tick(Time now);
  Bytes encode_local_state(bool join);
  void merge_remote_state(const codec::PushPull& remote, Time now);
  void remember_grave(const Entry& e, Time now);
  void forget_grave(std::string_view name);

  // ---- state ----
  Config cfg_;
  // Built once from cfg_ (its label, compression and keyring live as long as we do);
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

  // std::hash<std::string> makes libstdc++ cache hash codes in the nodes, which saves a
  // re-hash (and a cache miss) per bucket step; a transparent hasher would not.
  std::unordered_map<std::string, std::unique_ptr<Entry>> members_;
  std::vector<Entry*> order_;  // probe order (memberlist's nodes slice)
  std::size_t probe_index_ = 0;
  std::size_t alive_count_ = 0;  // alive or suspect
  Entry* self_ = nullptr;

  std::uint32_t incarnation_ = 0;
  std::uint32_t next_seq_ = 0;
  ProbeRound probe_;
  std::uint64_t probe_gen_ = 0;
  std::unordered_map<std::uint32_t, Relay> relays_;

  BroadcastQueue membership_q_;
  BroadcastQueue user_q_;
  std::optional<BroadcastQueue::Id> leave_id_;
  bool started_ = false;
  bool left_ = false;

  StreamId next_stream_ = 1;
  std::unordered_map<StreamId, PendingStream> streams_;
  std::vector<Address> seeds_;
  std::vector<Grave> graves_;
};

template <class Pred>
std::vector<Entry*> NodeImpl::random_members(std::size_t k, Pred want) {
  std::vector<Entry*> out;
  const std::size_t n = order_.size();
  for (std::size_t i = 0; i < 3 * n && out.size() < k; ++i) {
    Entry* e = order_[rng_.below(n)];
    if (e == self_ || !want(*e)) continue;
    if (std::find(out.begin(), out.end(), e) != out.end()) continue;
    out.push_back(e);
  }
  return out;
}

}  // namespace rumor::core
