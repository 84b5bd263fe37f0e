// rumor's agent: a net::SerfCluster with event handlers, a snapshot, a log, and the
// agent's operations (members, user events, queries, keys, tags, join and leave) in
// Serf's own types. Serf's RPC protocol and the HTTP API reach it through thin
// adapters (rpc_adapter.hpp, http_adapter.hpp) that translate those operations;
// turning the config into cluster options is cluster_options.hpp's, the snapshot's
// record snapshotter.hpp's. Events leave the gossip loop through a Dispatcher, so
// neither handlers nor RPC clients can stall gossip.
//
// Threads: the gossip loop (SerfCluster) calls on_serf_event and the raw hooks; the
// dispatcher thread runs handlers and feeds streams; the snapshot and retry-join
// threads are the agent's own; the operations are called from RPC and HTTP threads
// (never the loop) and may block briefly on a SerfCluster call, which throws
// net::CallError when the loop does not answer. Locks: mu_ guards the shutdown
// state, streams_mu_ the event streams, self_mu_ what handlers are told about us,
// scripts_mu_ the handlers, snap_mu_ the snapshot.
#pragma once

#include <array>
#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "agent/agent_config.hpp"
#include "agent/dispatcher.hpp"
#include "agent/event_script.hpp"
#include "agent/event_trace.hpp"
#include "agent/handler_runner.hpp"
#include "agent/http_adapter.hpp"
#include "agent/http_backend.hpp"
#include "agent/http_server.hpp"
#include "agent/log.hpp"
#include "agent/rpc_adapter.hpp"
#include "agent/rpc_backend.hpp"
#include "agent/rpc_server.hpp"
#include "agent/snapshot.hpp"
#include "agent/snapshotter.hpp"
#include "net/serf_cluster.hpp"

namespace rumor::agent {

class Agent final {
 public:
  // Validates the configuration, binds the sockets and starts gossip; throws
  // std::runtime_error with a message naming what is wrong. `http_mounts` are served
  // beside the HTTP API when it is on (http_addr); what they call must outlive the agent.
  explicit Agent(AgentConfig cfg, std::vector<HttpMount> http_mounts = {});
  ~Agent();

  // Starts gossip and the RPC listener, joins `join` (throws if none answers) and
  // starts retrying `retry_join` in the background.
  void start();
  // SIGHUP: apply what may change at run time (tags, event handlers, log level) from a
  // freshly loaded config; other differences are logged and wait for a restart.
  void reload(const AgentConfig& next);
  // Graceful leave (bounded), then shutdown.
  void leave_and_shutdown();
  void shutdown();
  // Blocks until the agent has shut down (after an RPC leave, for instance).
  void wait();
  bool shutting_down() const;

  Address gossip_address() const { return cluster_->address(); }
  std::uint16_t rpc_port() const { return rpc_ ? rpc_->port() : 0; }
  Log& log() { return log_; }

  // ---- the agent's operations (see the threads above) -----------------------------
  std::vector<serf::Member> members();  // failed and left ones included
  serf::Member local_member();
  net::SerfClusterStats cluster_stats();
  bool encrypted() const { return cluster_->encrypted(); }
  serf::SerfStatus user_event(const std::string& name, const Bytes& payload, bool coalesce);
  serf::SerfStatus force_leave(const std::string& node, bool prune);
  // Push/pull with each of `addrs`: how many answered; what went wrong goes to `err`.
  int join(const std::vector<std::string>& addrs, bool replay, std::string& err);
  // Graceful leave, bounded by Serf's own timeouts; empty or what went wrong.
  std::string leave();
  // After an RPC leave: shut down once the reply is written.
  void shutdown_after_leave();
  // Sets `set` and removes `remove` in one step; saved to tags_file if there is one.
  serf::SerfStatus set_tags(const serf::Tags& set, const std::vector<std::string>& remove);
  // A query whose acks, responses and end reach `cb` on the dispatcher thread.
  serf::Outcome<serf::QueryKey> query(const std::string& name, const Bytes& payload,
                                      const serf::QueryParams& params, net::QueryCallbacks cb);
  // Answer a query this agent received (Event::query_id).
  serf::SerfStatus respond(std::uint64_t query_id, const Bytes& payload);
  serf::Outcome<serf::KeyResponse> key_query(serf::KeyOp op, const std::string& key_b64);
  std::optional<serf::Coordinate> coordinate(const std::string& node);
  std::vector<EventScript> scripts() const;
  const std::string& rpc_auth() const { return cfg_.rpc_auth; }
  // Event streams (RPC) and watches (HTTP): every published event that matches, on
  // the dispatcher thread, until unsubscribe_events(token). Stats count the streams.
  std::uint64_t subscribe_events(std::vector<EventFilter> filters,
                                 std::function<void(const Event&)> cb);
  std::uint64_t watch_events(std::function<void(const Event&)> cb);
  void unsubscribe_events(std::uint64_t token);
  // Log lines at `level` and above, on the dispatcher thread; 0 for an unknown level.
  std::uint64_t subscribe_logs(const std::string& level,
                               std::function<void(const std::string&)> cb);
  void unsubscribe_logs(std::uint64_t token);
  HttpStats stats_snapshot();  // the cluster's stats and the agent's own counters
  GossipView gossip_view();

  RpcBackend& rpc_backend() { return rpc_adapter_; }
  HttpBackend& http_backend() { return http_adapter_; }
  std::uint16_t http_port() const { return http_ ? http_->port() : 0; }

 private:
  // SerfCluster events, on the gossip loop.
  void on_serf_event(const net::SerfEvent& e);
  void publish(Event e);  // loop thread: to handlers and streams via the dispatcher
  // A query handler's output, as its answer (handler threads; never throws).
  void answer_from_handler(std::uint64_t query_id, const std::string& output);
  void retry_join_loop();
  void rejoin_from_snapshot();
  Snapshot take_snapshot(bool left);
  void save_snapshot(const Snapshot& snap);
  void snapshot_loop();
  void stop_snapshots();
  // Loop thread: something the snapshot records happened.
  template <class F>
  void note_for_snapshot(F&& change);
  SelfInfo self_info();

  void persist_tags(const serf::Tags& tags);

  AgentConfig cfg_;
  std::vector<HttpMount> http_mounts_;
  Log log_;
  EventTrace trace_;    // RUMOR_EVENT_TRACE: user events' steps through this agent
  std::mutex self_mu_;  // what handlers are told about us (self_info)
  SelfInfo self_;
  mutable std::mutex scripts_mu_;  // reload() replaces them while events are dispatched
  std::vector<EventScript> scripts_;
  // Created in the constructor's body, once the dispatcher exists; destroyed last, as
  // queued handler work may still answer queries through it.
  std::unique_ptr<net::SerfCluster> cluster_;
  HandlerRunner handlers_;
  Dispatcher dispatcher_;
  RpcAdapter rpc_adapter_{*this};
  HttpAdapter http_adapter_{*this};
  std::unique_ptr<RpcServer> rpc_;
  std::unique_ptr<HttpServer> http_;
  std::chrono::steady_clock::time_point started_at_ = std::chrono::steady_clock::now();

  // Event streams and watches, under streams_mu_.
  std::mutex streams_mu_;
  std::map<std::uint64_t, std::pair<std::vector<EventFilter>, std::function<void(const Event&)>>>
      streams_;
  std::uint64_t next_stream_ = 1;
  std::set<std::uint64_t> http_watches_;  // the streams_ that are HTTP clients, not RPC
  // The shutdown state below, and the waits on it (wait(), retry-join), under mu_.
  mutable std::mutex mu_;
  std::condition_variable cv_;
  // HttpAgentCounters' own counts, written by the loop, RPC and handler threads.
  std::array<std::atomic<std::uint64_t>, 7> events_published_{};  // by EventType
  std::atomic<std::uint64_t> user_events_sent_{0}, queries_sent_{0}, query_responses_{0};
  bool shutdown_ = false;
  bool shutdown_requested_ = false;
  std::thread retry_thread_;
  bool left_ = false;  // a graceful leave completed (the snapshot says so)

  // The snapshot: fed by the loop's events, written by its own thread when they
  // changed it (snapshotter.hpp). Its own lock, apart from mu_.
  std::thread snapshot_thread_;
  std::mutex snap_mu_;
  std::condition_variable snap_cv_;
  Snapshotter snapshotter_;  // under snap_mu_
  Snapshot last_snapshot_;   // what the file holds, under snap_mu_
  bool snap_stop_ = false;   // under snap_mu_
};

}  // namespace rumor::agent
