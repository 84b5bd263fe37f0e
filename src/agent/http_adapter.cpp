#include "agent/http_adapter.hpp"

#include "agent/agent.hpp"
#include "agent/serf_views.hpp"

namespace rumor::agent {

std::vector<MemberInfo> HttpAdapter::member_list() {
  std::vector<MemberInfo> out;
  for (const auto& m : agent_.members()) out.push_back(member_info(m));
  return out;
}

HttpStats HttpAdapter::stats_snapshot() {
  return agent_.stats_snapshot();
}

GossipView HttpAdapter::gossip_view() {
  return agent_.gossip_view();
}

std::uint64_t HttpAdapter::watch_events(std::function<void(const Event&)> cb) {
  return agent_.watch_events(std::move(cb));
}

void HttpAdapter::unwatch_events(std::uint64_t token) {
  agent_.unsubscribe_events(token);
}

}  // namespace rumor::agent
