// What the RPC server asks of the agent. Implementations are thread-safe; calls may
// block (a join waits for its push/pulls) and come from RPC connection threads, never
// from the gossip loop.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "agent/event.hpp"
#include "agent/event_script.hpp"
#include "agent/rpc_protocol.hpp"
#include "net/serf_cluster.hpp"

namespace rumor::agent {

class RpcBackend {
 public:
  virtual ~RpcBackend() = default;
  using Error = std::string;  // empty: success

  virtual std::vector<rpc::RpcMember> members() = 0;
  virtual Error user_event(const std::string& name, const Bytes& payload, bool coalesce) = 0;
  virtual Error force_leave(const std::string& node, bool prune) = 0;
  virtual Error join(const std::vector<std::string>& addrs, bool replay, int& joined) = 0;
  // Graceful leave; the agent shuts down once the reply has been written.
  virtual Error leave() = 0;
  virtual void shutdown_after_leave() = 0;
  virtual Error set_tags(const std::map<std::string, std::string>& set,
                         const std::vector<std::string>& remove) = 0;
  virtual std::map<std::string, std::map<std::string, std::string>> stats() = 0;

  // A query whose acks and responses are reported until it is done (at its deadline).
  using QueryCallbacks = net::QueryCallbacks;
  virtual Error query(const rpc::QueryRequest& req, QueryCallbacks cb) = 0;
  // Answer a query this agent received (Event::query_id from an event stream).
  virtual Error respond(std::uint64_t query_id, const Bytes& payload) = 0;

  // Serf's keyring commands: `command` is install-key, use-key, remove-key or list-keys
  // (key unused). `out` is filled either way; the error is Serf's summary.
  virtual Error keys(const std::string& command, const std::string& key, rpc::KeyResponse& out) = 0;

  // Event streams and log monitors; the token unsubscribes. Callbacks run on an agent
  // thread and must not block for long.
  virtual std::uint64_t subscribe_events(std::vector<EventFilter> filters,
                                         std::function<void(const Event&)> cb) = 0;
  virtual void unsubscribe_events(std::uint64_t token) = 0;
  // `level`: trace, debug, info, warn, err. Returns 0 for an unknown level.
  virtual std::uint64_t subscribe_logs(const std::string& level,
                                       std::function<void(const std::string&)> cb) = 0;
  virtual void unsubscribe_logs(std::uint64_t token) = 0;

  // Serf's agent RPC may require a token (rpc_auth); empty: none.
  virtual std::string auth_key() const = 0;

  // get-coordinate: the Vivaldi coordinate cached for `node` (ours for our own name);
  // nullopt when there is none.
  virtual std::optional<serf::Coordinate> coordinate(const std::string& /*node*/) {
    return std::nullopt;
  }
};

}  // namespace rumor::agent
