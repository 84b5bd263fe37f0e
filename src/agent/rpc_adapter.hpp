// RpcAdapter: what Serf's RPC protocol (rpc_server.hpp) asks of the agent, over the
// agent's own calls (agent.hpp). It owns only the translation: RPC records to Serf's
// types and back (members, the sections of `info`, query parameters, key commands),
// and the agent's refusals and exceptions to the RPC's error strings. Called on RPC
// connection threads, never on the gossip loop.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "agent/rpc_backend.hpp"

namespace rumor::agent {

class Agent;

class RpcAdapter final : public RpcBackend {
 public:
  explicit RpcAdapter(Agent& agent) : agent_(agent) {}

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
  std::string auth_key() const override;
  std::optional<serf::Coordinate> coordinate(const std::string& node) override;

 private:
  Agent& agent_;
};

}  // namespace rumor::agent
