// Counters a Node keeps about itself: traffic by message type, drops by reason,
// protocol outcomes. Plain integers; the shells turn them into metrics.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "core/rtt_histogram.hpp"
#include <rumor/export.hpp>

RUMOR_PUBLIC_BEGIN
namespace rumor::core {

enum class DropReason : std::uint8_t {
  malformed,      // a layer or message failed to decode
  bad_label,      // label missing or different
  bad_crc,        // CRC mismatch
  unknown_type,   // message type we do not handle here
  wrong_node,     // ping for another name (a new owner of the address)
  bad_version,    // alive with unusable protocol versions
  unexpected,     // ack/nack for no pending probe, stream reply for no stream, ...
  undecryptable,  // no key of our ring opens it, or it came plain while we verify incoming
  count_
};
const char* to_string(DropReason r) noexcept;

// Message types are counted by value up to kOtherTypes; every larger value (none of
// memberlist's plain messages) shares that last slot. Small, because a simulator keeps
// a Stats per node.
inline constexpr std::size_t kOtherTypes = 15;
constexpr std::size_t type_slot(std::uint8_t type) noexcept {
  return type < kOtherTypes ? type : kOtherTypes;
}

struct Stats {
  // Indexed by type_slot(codec::MessageType value) (plain messages inside packets and
  // streams).
  std::array<std::uint64_t, kOtherTypes + 1> msgs_out{}, msgs_in{}, bytes_out{}, bytes_in{};
  std::uint64_t packets_out = 0, packets_in = 0;
  std::uint64_t packet_bytes_out = 0, packet_bytes_in = 0;
  std::uint64_t streams_out = 0, streams_in = 0;
  std::uint64_t stream_bytes_out = 0, stream_bytes_in = 0;
  std::array<std::uint64_t, static_cast<std::size_t>(DropReason::count_)> dropped{};

  std::uint64_t probes = 0;              // probe rounds started
  std::uint64_t probe_failures = 0;      // probes ending with no ack at all
  std::uint64_t indirect_probes = 0;     // probes that needed indirect pings
  std::uint64_t tcp_fallback_saves = 0;  // probes saved only by the TCP fallback
  std::uint64_t suspicions = 0;          // members we started suspecting
  std::uint64_t refutations = 0;         // rumours about ourselves we refuted
  std::uint64_t deaths_declared = 0;     // suspicion timeouts we turned into dead
  // Suspicions or deaths told straight to a member whose alive was no newer than them:
  // it had not heard, and only it can refute (memberlist#311).
  std::uint64_t accusations_forwarded = 0;
  std::uint64_t push_pulls = 0;          // push/pull exchanges completed (either side)
  std::uint64_t reconnect_attempts = 0;  // contacts to dead members or seeds
  std::uint64_t user_messages_in = 0;
  // Direct probes: ping sent to ack received, for acks that came before the indirect
  // phase (later ones may be relayed, and their time includes the relay).
  RttHistogram probe_rtt;
  // Packets and streams accepted unencrypted although we hold a keyring (verify_incoming
  // off): during a rolling upgrade, verify_incoming may go on once this stops growing.
  std::uint64_t plain_in = 0;

  void drop(DropReason r) noexcept { ++dropped[static_cast<std::size_t>(r)]; }
  std::uint64_t dropped_total() const noexcept {
    std::uint64_t n = 0;
    for (auto d : dropped) n += d;
    return n;
  }
};

}  // namespace rumor::core
RUMOR_PUBLIC_END
