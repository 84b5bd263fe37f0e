// From the core's own measurements to what the HTTP API shows (http_backend.hpp): the
// probe round-trip histogram in seconds, and the gossip view's edges from the traffic
// counted per member. Pure.
#pragma once

#include <string>

#include "agent/http_backend.hpp"
#include "core/rtt_histogram.hpp"
#include "net/serf_cluster.hpp"

namespace rumor::agent {

// The same buckets, bounds in seconds.
prom::Histogram probe_rtt_seconds(const core::RttHistogram& h);

// Two edges per member we exchanged messages with (`self` -> it, it -> `self`), each
// only once a message went that way. Ages are read against the snapshot's clock.
GossipView gossip_view_of(const std::string& self, const net::PeerTrafficSnapshot& traffic);

}  // namespace rumor::agent
