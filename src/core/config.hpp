// Protocol configuration: memberlist's LAN / WAN / Local profiles and the values derived
// from them (spec section 8). Everything a node's timing depends on lives here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codec/crypto.hpp"
#include "codec/ip.hpp"
#include "codec/keyring.hpp"
#include "core/time.hpp"
#include <rumor/export.hpp>

RUMOR_PUBLIC_BEGIN
namespace rumor::core {

enum class Profile { lan, wan, local, lan_fast };

// memberlist's message encryption (Config.Keyring, GossipVerifyIncoming/Outgoing).
// Without a keyring everything travels plain and the other fields are ignored.
struct Encryption {
  // The ring the node starts with. The node keeps a copy of its own: a key rotation
  // (Serf's key queries) reaches it as an input, Node::set_keyring, never by changing
  // an object shared with the shell.
  std::shared_ptr<const codec::Keyring> keyring;
  // Called once per packet or stream sealed. It must never return the same nonce twice
  // under one key (AES-GCM loses both secrecy and integrity if it does): the runtime
  // passes the OS random source; the simulator and tests a seeded generator
  // (core/nonce.hpp), whose nonces only need to be distinct.
  codec::NonceSource nonce;
  // Accept only messages that decrypt (memberlist's GossipVerifyIncoming). Off: what no
  // key opens is read as plain, for a rolling upgrade to encryption.
  bool verify_incoming = true;
  // Encrypt what we send (GossipVerifyOutgoing). Off: send plain while holding a ring.
  bool verify_outgoing = true;

  bool enabled() const noexcept { return keyring != nullptr; }
  bool encrypts() const noexcept { return keyring != nullptr && verify_outgoing; }
};
std::optional<Profile> parse_profile(std::string_view name);
const char* to_string(Profile p) noexcept;

struct Config {
  // Identity.
  std::string name;
  Address advertise;  // where peers reach us (UDP and TCP)

  // Probing (SWIM).
  Duration probe_interval = 1s;
  Duration probe_timeout = 500ms;
  int indirect_checks = 3;
  bool tcp_fallback_ping = true;

  // Dissemination.
  int retransmit_mult = 4;
  Duration gossip_interval = 200ms;
  int gossip_nodes = 3;
  // Eager gossip (not in memberlist): fresh news (a user broadcast, one the delegate
  // announces with Node::news_queued, a change of a member's state) goes to gossip_nodes
  // random peers in an extra round at once instead of waiting for the next gossip tick,
  // and every node that hears it fresh does the same, so news crosses the cluster at
  // network speed. At most one extra round per eager_gossip_interval: a burst of news
  // is batched as the ticks batch it, and costs at most that many more rounds. Each send
  // counts against the message's retransmit limit, so a message's total transmissions
  // are unchanged. 0: off, memberlist's behaviour.
  Duration eager_gossip_interval{0};
  Duration gossip_to_the_dead_time = 30s;
  std::size_t packet_budget = 1400;  // UDPBufferSize
  // Our answer to memberlist#299: when both membership and user broadcasts are queued,
  // membership may take at most this fraction of a packet before user broadcasts get
  // their turn (then membership fills what is left). 1.0 reproduces memberlist.
  double membership_share = 0.5;

  // Suspicion (Lifeguard).
  int suspicion_mult = 4;
  int suspicion_max_timeout_mult = 6;
  // Lifeguard's K: independent confirmations that shrink a suspicion's timeout from its
  // maximum to its minimum. Empty: memberlist's suspicion_mult - 2, which ties K to the
  // minimum (suspicion_mult 2 would mean K = 0: no confirmation needed at all).
  std::optional<int> suspicion_k;
  int awareness_max_multiplier = 8;
  // Lifeguard off: no awareness scaling, fixed suspicion timeout (the minimum), no buddy
  // system, no nacks. For experiments; memberlist always runs with Lifeguard.
  bool lifeguard = true;

  // Anti-entropy.
  Duration push_pull_interval = 30s;
  // memberlist gossips every alive it learns retransmit_limit times, including those a
  // push/pull brings in (either direction). Those are the other member's knowledge,
  // already spread by whoever learned them first: gossiping them in full starts a
  // second epidemic of old news (a node joining a converged cluster of N queues N
  // alives, 20 sends each at 10,000 nodes: ten minutes of our gossip). When spreading
  // one exchange's news in full would take our gossip more than push_pull_interval, we
  // apply it and send each alive only this many times: none by default, as the next
  // exchanges carry it on; more, after all fresher news (they enter the queue as
  // already sent the rest). Below that, memberlist's way: it costs little, a
  // joiner's own first push reaches the seed this way, and a cluster of tens started
  // at once converges by it in a few rounds. News about ourselves, and every suspicion
  // and death, are gossiped in full as memberlist does. Empty: memberlist's limit always.
  std::optional<int> pulled_alive_transmits = 0;
  // memberlist stretches the push/pull period with cluster size (push_pull_period) to
  // bound steady-state load. We stretch it only while the member list is settled: after
  // an exchange that taught us a member we did not know (either direction), or a period
  // in which our list grew by more than 1/64, the next comes within push_pull_interval.
  // A join storm then converges by anti-entropy in a few base
  // periods instead of waiting one stretched period (300 s at 10,000 nodes) for its
  // stragglers. Off: memberlist's schedule.
  bool push_pull_while_learning = true;
  Duration tcp_timeout = 10s;

  // Partition healing (not in memberlist; Serf and Cassandra do it above the membership
  // layer). Every reconnect_interval, push/pull with one random member we believe dead,
  // or with a seed when we are alone. 0 disables.
  Duration reconnect_interval = 30s;
  Duration reconnect_timeout = 24h;  // forget dead members after this long

  // A restarted node may keep its name and start above the incarnation it had, so it
  // does not have to refute its own old death first. 0: start at 1.
  std::uint32_t initial_incarnation = 0;

  // Wire.
  std::string label;
  bool compress = false;  // LZW-compress outgoing packets when it saves bytes
  std::uint8_t protocol_min = 1, protocol_max = 5, protocol_cur = 2;
  std::uint8_t delegate_min = 0, delegate_max = 0, delegate_cur = 0;
  std::size_t meta_max = 512;
  Encryption encryption;

  // Metrics. Count traffic per member (Node::peer_traffic()): a row per member, so off
  // by default; the agent turns it on for its dashboard.
  bool peer_traffic = false;

  static Config lan();
  static Config wan();
  static Config local();
  // lan with Lifeguard's faster tuning (see config.cpp): found dead sooner, no more
  // false alarms. Not a memberlist profile; every member of a cluster may use its own.
  static Config lan_fast();
  static Config for_profile(Profile p);

  // Derived values (memberlist's formulas, base-10 logs as its code has them).
  int retransmit_limit(std::size_t cluster_size) const;
  Duration suspicion_min(std::size_t cluster_size) const;
  Duration suspicion_max(std::size_t cluster_size) const;
  int suspicion_confirmations(std::size_t cluster_size) const;  // k
  Duration push_pull_period(std::size_t cluster_size) const;
  // Membership messages our gossip can send in `d`, counting alives of a typical size
  // (64 bytes: a short name, IPv4, no meta) in full packets.
  std::size_t gossip_capacity(Duration d) const;
  // memberlist's encryptionVersion(): PKCS7-padded at protocol 1, unpadded from 2 on.
  // Derived rather than configured, so it cannot disagree with the protocol we speak.
  codec::EncryptionVersion encryption_version() const noexcept;

  // The first setting that cannot work, as a sentence naming the field; nothing when the
  // configuration is usable. Node's constructor throws std::invalid_argument with it.
  std::optional<std::string> validate() const;
};

}  // namespace rumor::core
RUMOR_PUBLIC_END
