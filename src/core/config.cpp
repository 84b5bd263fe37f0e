#include "core/config.hpp"

#include <algorithm>
#include <cmath>

namespace rumor::core {

std::optional<Profile> parse_profile(std::string_view name) {
  if (name == "lan") return Profile::lan;
  if (name == "wan") return Profile::wan;
  if (name == "local") return Profile::local;
  if (name == "lan-fast") return Profile::lan_fast;
  return std::nullopt;
}

const char* to_string(Profile p) noexcept {
  switch (p) {
    case Profile::lan:
      return "lan";
    case Profile::wan:
      return "wan";
    case Profile::local:
      return "local";
    case Profile::lan_fast:
      return "lan-fast";
  }
  return "?";
}

Config Config::lan() {
  return Config{};
}

Config Config::wan() {
  Config c;
  c.probe_interval = 5s;
  c.probe_timeout = 3s;
  c.suspicion_mult = 6;
  c.gossip_interval = 500ms;
  c.gossip_nodes = 4;
  c.gossip_to_the_dead_time = 60s;
  c.push_pull_interval = 60s;
  c.tcp_timeout = 30s;
  c.reconnect_interval = 60s;
  return c;
}

Config Config::local() {
  Config c;
  c.probe_interval = 1s;
  c.probe_timeout = 200ms;
  c.indirect_checks = 1;
  c.retransmit_mult = 2;
  c.suspicion_mult = 3;
  c.gossip_interval = 100ms;
  c.gossip_to_the_dead_time = 15s;
  c.push_pull_interval = 15s;
  c.tcp_timeout = 1s;
  c.reconnect_interval = 15s;
  return c;
}

// The Lifeguard paper's point is that local health awareness and confirmed suspicions
// make false alarms rare enough to spend some of the margin on speed: a smaller
// minimum suspicion timeout (alpha), the same long maximum for a suspicion nobody
// confirms (alpha * beta), and K independent confirmations to get from one to the other.
// lan: alpha 4, beta 6, K 2 (memberlist's K = alpha - 2), so 6 s to 36 s at 32 nodes.
// lan-fast: alpha 2, beta 12, K 3, so 3 s to 36 s: a crash that three members confirm is
// declared after 3 s, a lone accuser (often the slow one) still waits 36 s. Probing,
// gossip and push/pull keep lan's timings, and news is gossiped eagerly.
Config Config::lan_fast() {
  Config c;
  c.suspicion_mult = 2;
  c.suspicion_max_timeout_mult = 12;
  c.suspicion_k = 3;
  c.eager_gossip_interval = c.gossip_interval;
  return c;
}

Config Config::for_profile(Profile p) {
  switch (p) {
    case Profile::lan:
      return lan();
    case Profile::wan:
      return wan();
    case Profile::local:
      return local();
    case Profile::lan_fast:
      return lan_fast();
  }
  return lan();
}

int Config::retransmit_limit(std::size_t cluster_size) const {
  const double scale = std::ceil(std::log10(static_cast<double>(cluster_size) + 1.0));
  return retransmit_mult * static_cast<int>(scale);
}

Duration Config::suspicion_min(std::size_t cluster_size) const {
  const double scale =
      std::max(1.0, std::log10(std::max<double>(1.0, static_cast<double>(cluster_size))));
  // memberlist computes in milliseconds; so do we, to keep the same rounding.
  const double ms =
      static_cast<double>(suspicion_mult) * scale *
      static_cast<double>(
          std::chrono::duration_cast<std::chrono::milliseconds>(probe_interval).count());
  return std::chrono::duration_cast<Duration>(
      std::chrono::milliseconds(static_cast<std::int64_t>(ms)));
}

Duration Config::suspicion_max(std::size_t cluster_size) const {
  return suspicion_max_timeout_mult * suspicion_min(cluster_size);
}

int Config::suspicion_confirmations(std::size_t cluster_size) const {
  const int k = suspicion_k ? *suspicion_k : suspicion_mult - 2;
  // With fewer than k other members to confirm, don't wait for confirmations.
  if (static_cast<long>(cluster_size) - 2 < k) return 0;
  return std::max(0, k);
}

std::size_t Config::gossip_capacity(Duration d) const {
  constexpr std::size_t kTypicalAlive = 64;
  if (gossip_interval <= Duration::zero()) return 0;
  const auto rounds = static_cast<std::size_t>(d / gossip_interval);
  return rounds * static_cast<std::size_t>(std::max(gossip_nodes, 0)) *
         (packet_budget / kTypicalAlive);
}

Duration Config::push_pull_period(std::size_t cluster_size) const {
  // memberlist's pushPullScale: above 32 nodes, interval * (ceil(log2 N - log2 32) + 1).
  constexpr double kThreshold = 32;
  const double n = static_cast<double>(cluster_size);
  if (n <= kThreshold) return push_pull_interval;
  const double mult = std::ceil(std::log2(n) - std::log2(kThreshold)) + 1.0;
  return push_pull_interval * static_cast<int>(mult);
}

codec::EncryptionVersion Config::encryption_version() const noexcept {
  return protocol_cur <= 1 ? codec::EncryptionVersion::padded : codec::EncryptionVersion::unpadded;
}

std::optional<std::string> Config::validate() const {
  if (encryption.enabled() && !encryption.nonce)
    return "encryption.nonce is required with a keyring (a fresh random nonce per message)";
  // memberlist accepts this pair, but a node that sends plain while refusing plain can
  // talk to nobody configured like itself: no step of a rolling upgrade needs it.
  if (encryption.enabled() && encryption.verify_incoming && !encryption.verify_outgoing)
    return "encryption.verify_incoming requires encryption.verify_outgoing (a node that "
           "refuses plain messages must not send them)";
  if (pulled_alive_transmits && *pulled_alive_transmits < 0)
    return "pulled_alive_transmits must not be negative (leave it empty for memberlist's limit)";
  return std::nullopt;
}

}  // namespace rumor::core
