// What the HTTP API (http_server.hpp) asks of the agent: members, a stats snapshot, a
// view of whom we gossip with, and a feed of agent events. Implementations are
// thread-safe. The queries are called from the HTTP thread and may block briefly (a
// SerfCluster call); an exception from one becomes a 503 for that request. The event
// callback runs on an agent thread and must return quickly: the server only copies the
// event into its buffer.
//
// The names differ from RpcBackend's (members(), stats(), subscribe_events()) so that
// one class may implement both interfaces.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "agent/event.hpp"
#include "agent/prometheus.hpp"
#include "net/serf_cluster.hpp"

namespace rumor::agent {

// Counters the agent keeps above SerfCluster. Zero where the agent does not count yet.
struct HttpAgentCounters {
  // Events handed to handlers and streams, indexed by EventType (member_join .. query).
  std::array<std::uint64_t, 7> events{};
  std::uint64_t user_events_sent = 0;  // user events this agent originated (RPC "event")
  std::uint64_t queries_sent = 0;      // queries this agent started (RPC "query")
  std::uint64_t query_responses = 0;   // answers this agent sent (RPC "respond", handlers)
  std::uint64_t handlers_run = 0;      // HandlerRunner::completed()
  std::uint64_t handler_drops = 0;     // HandlerRunner::dropped(): handler queue full
  std::uint64_t dispatcher_drops = 0;  // Dispatcher::dropped(): events lost to a full queue
  std::size_t handler_queue = 0;       // handler jobs waiting (depth), when known
  std::size_t dispatcher_queue = 0;    // events waiting for the dispatcher thread, when known
  std::size_t event_streams = 0;       // RPC event streams open
};

struct HttpStats {
  std::string node;  // our member name
  net::SerfClusterStats cluster;
  HttpAgentCounters agent;
  // Probe round-trip times in seconds (ping sent to ack received, direct probes).
  // nullopt until the core measures them; /metrics then leaves the histogram out.
  std::optional<prom::Histogram> probe_rtt;
  double uptime_seconds = 0;  // since the agent started
};

// One direction of traffic between two members, as far as this agent knows it. The
// agent sees its own links (from or to == HttpStats::node); it may also report pairs
// it learned about (an indirect probe we asked `from` to send to `to`).
struct GossipEdge {
  std::string from, to;  // member names
  std::uint64_t messages = 0;
  std::uint64_t bytes = 0;
  double last_seconds_ago = -1;  // since the latest message; -1: unknown
};

struct GossipView {
  std::vector<GossipEdge> edges;  // empty until the core counts traffic per peer
};

class HttpBackend {
 public:
  virtual ~HttpBackend() = default;

  // Every member Serf knows, failed and left ones included (MemberInfo::status is
  // Serf's: alive, leaving, left, failed).
  virtual std::vector<MemberInfo> member_list() = 0;
  virtual HttpStats stats_snapshot() = 0;
  virtual GossipView gossip_view() = 0;

  // Every event the agent publishes (as handlers and RPC streams see them), from now
  // on, until unwatch_events(token). `cb` runs on an agent thread.
  virtual std::uint64_t watch_events(std::function<void(const Event&)> cb) = 0;
  virtual void unwatch_events(std::uint64_t token) = 0;
};

}  // namespace rumor::agent
