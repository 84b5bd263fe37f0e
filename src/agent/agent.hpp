// rumor's agent: a net::SerfCluster with event handlers, Serf's RPC protocol for the
// `serf` (and `rumor`) command line, and a log. Events leave the gossip loop through a
// Dispatcher, so neither handlers nor RPC clients can stall gossip.
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
#include "agent/http_backend.hpp"
#include "agent/http_server.hpp"
#include "agent/log.hpp"
#include "agent/rpc_backend.hpp"
#include "agent/rpc_server.hpp"
#include "agent/snapshot.hpp"
#include "agent/snapshotter.hpp"
#include "net/serf_cluster.hpp"

namespace rumor::agent {

class Agent final : public RpcBackend, public HttpBackend {
 public:
  // Validates the configuration, binds the sockets and starts gossip; throws
  // std::runtime_error with a message naming what is wrong. `http_mounts` are served
  // beside the HTTP API when it is on (http_addr); what they call must outlive the agent.
  explicit Agent(AgentConfig cfg, std::vector<HttpMount> http_mounts = {});
  ~Agent() override;

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

  // ---- RpcBackend ----
  std::vector<rpc::RpcMember> members() override;
  Error user_event(const std::string& name, const Bytes& payload, bool coalesce) override;
  Error force_leave(const std::string& node, bool prune) override;
  Error join(const std::vector<std::string>& addrs, bool replay, int& joined) override;
  Error leave() override;
  void shutdown_after_leave() override;
  Error set_tags(const std::map<std::string, std::string>& set,
                 const std::vector<std::string>& remove) override;
  std::map<std::string, std::map<std::string, std::string>> stats() override;
  Error query(const rpc::QueryRequest& req, QueryCallbacks cb) override;
  Error respond(std::uint64_t query_id, const Bytes& payload) override;
  Error keys(const std::string& command, const std::string& key, rpc::KeyResponse& out) override;
  std::uint64_t subscribe_events(std::vector<EventFilter> filters,
                                 std::function<void(const Event&)> cb) override;
  void unsubscribe_events(std::uint64_t token) override;
  std::uint64_t subscribe_logs(const std::string& level,
                               std::function<void(const std::string&)> cb) override;
  void unsubscribe_logs(std::uint64_t token) override;
  std::string auth_key() const override { return cfg_.rpc_auth; }
  std::optional<serf::Coordinate> coordinate(const std::string& node) override;

  // ---- HttpBackend ----
  std::vector<MemberInfo> member_list() override;
  HttpStats stats_snapshot() override;
  GossipView gossip_view() override;
  std::uint64_t watch_events(std::function<void(const Event&)> cb) override;
  void unwatch_events(std::uint64_t token) override;
  std::uint16_t http_port() const { return http_ ? http_->port() : 0; }

 private:
  // SerfCluster events, on the gossip loop.
  void on_serf_event(const net::SerfEvent& e);
  template <class F>
  Error attempt(F&& fn);
  void publish(Event e);  // loop thread: to handlers and streams via the dispatcher
  int join_blocking(const std::vector<std::string>& addrs, bool replay, std::string& err);
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

  std::vector<EventScript> scripts() const;
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
  std::unique_ptr<RpcServer> rpc_;
  std::unique_ptr<HttpServer> http_;
  std::chrono::steady_clock::time_point started_at_ = std::chrono::steady_clock::now();

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::uint64_t, std::pair<std::vector<EventFilter>, std::function<void(const Event&)>>>
      streams_;
  std::uint64_t next_stream_ = 1;
  std::set<std::uint64_t> http_watches_;  // the streams_ that are HTTP clients, not RPC
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
