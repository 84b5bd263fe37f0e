#include "agent/stats_views.hpp"

#include <algorithm>
#include <chrono>
#include <tuple>

namespace rumor::agent {

namespace {
double seconds(core::Duration d) {
  return std::chrono::duration<double>(d).count();
}
}  // namespace

prom::Histogram probe_rtt_seconds(const core::RttHistogram& h) {
  prom::Histogram out;
  for (core::Duration b : core::RttHistogram::kBounds) out.bounds.push_back(seconds(b));
  out.counts.assign(h.counts.begin(), h.counts.end());
  out.sum = static_cast<double>(h.sum_us) / 1e6;
  return out;
}

std::vector<std::pair<std::string, std::uint64_t>> dropped_by_reason(
    const net::SerfClusterStats& st) {
  std::vector<std::pair<std::string, std::uint64_t>> out;
  const auto& core = st.core.dropped;
  for (std::size_t r = 0; r < core.size(); ++r)
    out.emplace_back(core::to_string(static_cast<core::DropReason>(r)), core[r]);
  const auto& queue = st.net.queue.dropped;
  for (std::size_t r = 0; r < queue.size(); ++r)
    out.emplace_back(net::to_string(static_cast<net::QueueDrop>(r)), queue[r]);
  out.emplace_back("empty", st.net.transport.empty_packets);
  return out;
}

GossipView gossip_view_of(const std::string& self, const net::PeerTrafficSnapshot& traffic) {
  auto age = [&](core::Time last) {
    return last == core::kNoContact ? -1.0 : seconds(traffic.now - last);
  };
  GossipView v;
  for (const core::PeerTraffic& p : traffic.peers) {
    if (p.msgs_out > 0) v.edges.push_back({self, p.name, p.msgs_out, p.bytes_out, age(p.last_out)});
    if (p.msgs_in > 0) v.edges.push_back({p.name, self, p.msgs_in, p.bytes_in, age(p.last_in)});
  }
  // Stable output for clients and tests: by names.
  std::sort(v.edges.begin(), v.edges.end(), [](const GossipEdge& a, const GossipEdge& b) {
    return std::tie(a.from, a.to) < std::tie(b.from, b.to);
  });
  return v;
}

}  // namespace rumor::agent
