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
