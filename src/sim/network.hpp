// The network model: how long a message takes and whether it arrives at all.
//
// Latency is base + jitter, the jitter drawn from a configurable distribution. UDP
// packets can be lost (a uniform rate, per node inbound/outbound, per directed link, so
// asymmetric loss works), dropped by a partition (nodes in different groups cannot
// talk), or dropped for exceeding the MTU. Streams are reliable but do not cross
// partitions. Every draw comes from the Rng the caller passes (the engine's one network
// generator), so the model itself holds no hidden randomness.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/config.hpp"
#include "core/rng.hpp"
#include "core/time.hpp"
#include "sim/addressing.hpp"

namespace rumor::sim {

enum class JitterKind { none, uniform, exponential };
std::optional<JitterKind> parse_jitter(std::string_view name);
const char* to_string(JitterKind k) noexcept;

struct LatencyModel {
  core::Duration base = std::chrono::microseconds(1000);
  // none: 0; uniform: U[0, 2 * jitter) (mean `jitter`); exponential: mean `jitter`.
  core::Duration jitter = std::chrono::microseconds(500);
  JitterKind kind = JitterKind::exponential;

  core::Duration sample(core::Rng& rng) const;
  // Defaults per protocol profile: a LAN, a WAN (tens of ms), one host (loopback).
  static LatencyModel for_profile(core::Profile p);
};

// What became of one UDP packet.
enum class Verdict : std::uint8_t { deliver, lost, partitioned, too_big };

struct NetworkOptions {
  LatencyModel latency;
  double loss = 0.0;       // every packet, independently
  std::size_t mtu = 1500;  // bytes of UDP payload; larger packets are dropped

  // Every hop takes exactly `hop`: no jitter, no loss, no MTU below UDP's own. The
  // tests' network, where a property is about two ends agreeing, not about the wire.
  static NetworkOptions fixed(core::Duration hop) {
    NetworkOptions o;
    o.latency = LatencyModel{hop, core::Duration::zero(), JitterKind::none};
    o.mtu = 65507;
    return o;
  }
};

class NetworkModel {
 public:
  explicit NetworkModel(NetworkOptions opt = {}) : opt_(opt) {}

  void resize(std::size_t nodes);
  const NetworkOptions& options() const noexcept { return opt_; }

  core::Duration latency(core::Rng& rng) const { return opt_.latency.sample(rng); }
  // Decides the fate of a packet of `size` bytes from -> to, drawing from `rng` only
  // when some loss applies (so lossless runs do not perturb the generator).
  Verdict packet(NodeId from, NodeId to, std::size_t size, core::Rng& rng) const;
  // True when a stream can connect from -> to (partitions only; streams are reliable).
  bool connected(NodeId from, NodeId to) const noexcept { return group(from) == group(to); }
  // Probability that a packet from -> to is lost, all loss sources combined.
  double loss_probability(NodeId from, NodeId to) const;

  // ---- loss -------------------------------------------------------------------------
  void set_loss(double p) { opt_.loss = p; }
  void set_inbound_loss(NodeId n, double p);
  void set_outbound_loss(NodeId n, double p);
  void set_link_loss(NodeId from, NodeId to, double p);  // directional
  void clear_link_loss() { link_loss_.clear(); }

  // ---- partitions -------------------------------------------------------------------
  // groups[i] is node i's side; missing entries are group 0.
  void partition(std::vector<std::uint16_t> groups);
  void heal() { groups_.clear(); }
  std::uint16_t group(NodeId n) const noexcept { return n < groups_.size() ? groups_[n] : 0; }
  bool partitioned() const noexcept { return !groups_.empty(); }

 private:
  static std::uint64_t link_key(NodeId from, NodeId to) noexcept {
    return static_cast<std::uint64_t>(from) << 32 | to;
  }

  NetworkOptions opt_;
  std::vector<double> inbound_loss_, outbound_loss_;
  std::unordered_map<std::uint64_t, double> link_loss_;
  std::vector<std::uint16_t> groups_;
  bool any_node_loss_ = false;
};

}  // namespace rumor::sim
