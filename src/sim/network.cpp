#include "sim/network.hpp"

#include <algorithm>
#include <cmath>

namespace rumor::sim {

std::optional<JitterKind> parse_jitter(std::string_view name) {
  if (name == "none") return JitterKind::none;
  if (name == "uniform") return JitterKind::uniform;
  if (name == "exponential" || name == "exp") return JitterKind::exponential;
  return std::nullopt;
}

const char* to_string(JitterKind k) noexcept {
  switch (k) {
    case JitterKind::none:
      return "none";
    case JitterKind::uniform:
      return "uniform";
    case JitterKind::exponential:
      return "exponential";
  }
  return "?";
}

core::Duration LatencyModel::sample(core::Rng& rng) const {
  const double j = static_cast<double>(jitter.count());
  double extra = 0;
  switch (kind) {
    case JitterKind::none:
      break;
    case JitterKind::uniform:
      extra = 2.0 * j * rng.unit();
      break;
    case JitterKind::exponential:
      extra = -j * std::log1p(-rng.unit());
      break;
  }
  return base + core::Duration(static_cast<std::int64_t>(extra));
}

LatencyModel LatencyModel::for_profile(core::Profile p) {
  using std::chrono::microseconds;
  switch (p) {
    case core::Profile::lan:
    case core::Profile::lan_fast:
      return {microseconds(1000), microseconds(500), JitterKind::exponential};
    case core::Profile::wan:
      return {microseconds(40000), microseconds(10000), JitterKind::exponential};
    case core::Profile::local:
      return {microseconds(50), microseconds(20), JitterKind::exponential};
  }
  return {};
}

void NetworkModel::resize(std::size_t nodes) {
  if (!inbound_loss_.empty()) {
    inbound_loss_.resize(nodes, 0.0);
    outbound_loss_.resize(nodes, 0.0);
  }
}

void NetworkModel::set_inbound_loss(NodeId n, double p) {
  if (inbound_loss_.size() <= n) {
    inbound_loss_.resize(n + 1, 0.0);
    outbound_loss_.resize(n + 1, 0.0);
  }
  inbound_loss_[n] = p;
  any_node_loss_ = true;
}

void NetworkModel::set_outbound_loss(NodeId n, double p) {
  if (outbound_loss_.size() <= n) {
    inbound_loss_.resize(n + 1, 0.0);
    outbound_loss_.resize(n + 1, 0.0);
  }
  outbound_loss_[n] = p;
  any_node_loss_ = true;
}

void NetworkModel::set_link_loss(NodeId from, NodeId to, double p) {
  link_loss_[link_key(from, to)] = p;
}

double NetworkModel::loss_probability(NodeId from, NodeId to) const {
  // Independent loss sources: the packet survives only if it survives each one.
  double survive = 1.0 - opt_.loss;
  if (any_node_loss_) {
    if (from < outbound_loss_.size()) survive *= 1.0 - outbound_loss_[from];
    if (to < inbound_loss_.size()) survive *= 1.0 - inbound_loss_[to];
  }
  if (!link_loss_.empty()) {
    auto it = link_loss_.find(link_key(from, to));
    if (it != link_loss_.end()) survive *= 1.0 - it->second;
  }
  return 1.0 - std::clamp(survive, 0.0, 1.0);
}

Verdict NetworkModel::packet(NodeId from, NodeId to, std::size_t size, core::Rng& rng) const {
  if (size > opt_.mtu) return Verdict::too_big;
  if (!connected(from, to)) return Verdict::partitioned;
  const double p = loss_probability(from, to);
  if (p > 0.0 && rng.unit() < p) return Verdict::lost;
  return Verdict::deliver;
}

void NetworkModel::partition(std::vector<std::uint16_t> groups) {
  groups_ = std::move(groups);
}

}  // namespace rumor::sim
