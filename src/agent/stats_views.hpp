// From the core's own measurements to what the HTTP API and `info` show: the probe
// round-trip histogram in seconds, the drops by reason, and the gossip view's edges
// from the traffic counted per member. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "agent/http_backend.hpp"
#include "core/rtt_histogram.hpp"
#include "net/serf_cluster.hpp"

namespace rumor::agent {

// The same buckets, bounds in seconds.
prom::Histogram probe_rtt_seconds(const core::RttHistogram& h);

// Every reason a packet or message is dropped for, with its count, named as /metrics
// labels them: the core's reasons (malformed, undecryptable, ...), the inbound queue's
// (queue_full, evicted_for_alive, queue_full_of_alive) and empty datagrams.
std::vector<std::pair<std::string, std::uint64_t>> dropped_by_reason(
    const net::SerfClusterStats& st);

// Two edges per member we exchanged messages with (`self` -> it, it -> `self`), each
// only once a message went that way. Ages are read against the snapshot's clock.
GossipView gossip_view_of(const std::string& self, const net::PeerTrafficSnapshot& traffic);

}  // namespace rumor::agent
