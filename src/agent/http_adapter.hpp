// HttpAdapter: what the HTTP API (http_server.hpp) asks of the agent, over the agent's
// own calls (agent.hpp): members as MemberInfo, the agent's stats, the gossip view and
// a feed of its events. Owns nothing but that translation. Called on the HTTP
// server's thread; an exception from the agent becomes a 503 for that request there.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "agent/http_backend.hpp"

namespace rumor::agent {

class Agent;

class HttpAdapter final : public HttpBackend {
 public:
  explicit HttpAdapter(Agent& agent) : agent_(agent) {}

  std::vector<MemberInfo> member_list() override;
  HttpStats stats_snapshot() override;
  GossipView gossip_view() override;
  std::uint64_t watch_events(std::function<void(const Event&)> cb) override;
  void unwatch_events(std::uint64_t token) override;

 private:
  Agent& agent_;
};

}  // namespace rumor::agent
