#include "agent/rpc_adapter.hpp"

#include "agent/agent.hpp"
#include "agent/runtime_info.hpp"
#include "agent/serf_views.hpp"
#include "agent/stats_views.hpp"

namespace rumor::agent {

namespace {

// One agent call for an RPC request: a refusal or an exception becomes its error.
template <class F>
RpcBackend::Error attempt(F&& fn) {
  try {
    const auto st = fn();
    return st ? RpcBackend::Error{} : error_text(st.error());
  } catch (const std::exception& e) {
    return e.what();
  }
}

serf::KeyOp key_op(const std::string& command) {
  if (command == "install-key") return serf::KeyOp::install;
  if (command == "use-key") return serf::KeyOp::use;
  if (command == "remove-key") return serf::KeyOp::remove;
  return serf::KeyOp::list;
}

}  // namespace

std::vector<rpc::RpcMember> RpcAdapter::members() {
  std::vector<rpc::RpcMember> out;
  try {
    for (const auto& m : agent_.members()) out.push_back(rpc::rpc_member(member_info(m)));
  } catch (const std::exception& e) {
    agent_.log().error("agent", std::string("members: ") + e.what());
  }
  return out;
}

RpcBackend::Error RpcAdapter::user_event(const std::string& name, const Bytes& payload,
                                         bool coalesce) {
  return attempt([&] { return agent_.user_event(name, payload, coalesce); });
}

RpcBackend::Error RpcAdapter::force_leave(const std::string& node, bool prune) {
  return attempt([&] { return agent_.force_leave(node, prune); });
}

RpcBackend::Error RpcAdapter::join(const std::vector<std::string>& addrs, bool replay,
                                   int& joined) {
  std::string err;
  joined = agent_.join(addrs, replay, err);
  return joined > 0 ? Error{} : err;
}

RpcBackend::Error RpcAdapter::leave() {
  return agent_.leave();
}

void RpcAdapter::shutdown_after_leave() {
  agent_.shutdown_after_leave();
}

RpcBackend::Error RpcAdapter::set_tags(const std::map<std::string, std::string>& set,
                                       const std::vector<std::string>& remove) {
  return attempt([&] { return agent_.set_tags(serf::Tags(set.begin(), set.end()), remove); });
}

std::map<std::string, std::map<std::string, std::string>> RpcAdapter::stats() {
  std::map<std::string, std::map<std::string, std::string>> s;
  try {
    const auto st = agent_.cluster_stats();
    const auto local = agent_.local_member();
    s["agent"]["name"] = local.name;
    auto& sf = s["serf"];
    sf["members"] = std::to_string(st.members);
    sf["failed"] = std::to_string(st.failed);
    sf["left"] = std::to_string(st.left);
    sf["member_time"] = std::to_string(st.member_time);
    sf["event_time"] = std::to_string(st.event_time);
    sf["query_time"] = std::to_string(st.query_time);
    sf["intent_queue"] = std::to_string(st.intent_queue);
    sf["event_queue"] = std::to_string(st.event_queue);
    sf["query_queue"] = std::to_string(st.query_queue);
    sf["coordinate_resets"] = std::to_string(st.coordinate_resets);
    sf["health_score"] = std::to_string(st.health_score);
    sf["encrypted"] = agent_.encrypted() ? "true" : "false";
    s["tags"] = std::map<std::string, std::string>(local.tags.begin(), local.tags.end());
    // Not in Serf's info: packets and streams dropped, by every reason /metrics counts
    // (malformed, undecryptable, queue_full, ...), so an operator sees a wrong key, a bad
    // peer or an overloaded agent.
    for (const auto& [reason, n] : dropped_by_reason(st)) s["dropped"][reason] = std::to_string(n);
  } catch (const std::exception& e) {
    agent_.log().error("agent", std::string("stats: ") + e.what());
  }
  for (const auto& script : agent_.scripts()) {
    std::string filter = script.filter.event;
    if (!script.filter.name.empty()) filter += ":" + script.filter.name;
    s["event_handlers"][filter] = script.script;
  }
  s["runtime"] = runtime_info();
  return s;
}

RpcBackend::Error RpcAdapter::query(const rpc::QueryRequest& req, QueryCallbacks cb) {
  serf::QueryParams params;
  params.filter_nodes = req.filter_nodes;
  for (const auto& [k, v] : req.filter_tags) params.filter_tags.emplace_back(k, v);
  params.request_ack = req.request_ack;
  params.relay_factor = req.relay_factor;
  params.timeout =
      std::chrono::duration_cast<core::Duration>(std::chrono::nanoseconds(req.timeout_ns));
  return attempt([&] { return agent_.query(req.name, req.payload, params, std::move(cb)); });
}

RpcBackend::Error RpcAdapter::respond(std::uint64_t query_id, const Bytes& payload) {
  try {
    const auto st = agent_.respond(query_id, payload);
    if (st) return {};
    return st.error() == serf::SerfError::unknown_query ? Error(rpc::kInvalidQueryId)
                                                        : error_text(st.error());
  } catch (const std::exception& e) {
    return e.what();
  }
}

RpcBackend::Error RpcAdapter::keys(const std::string& command, const std::string& key,
                                   rpc::KeyResponse& out) {
  try {
    const auto r = agent_.key_query(key_op(command), key);
    if (!r) return error_text(r.error());
    out.messages.insert(r->messages.begin(), r->messages.end());
    for (const auto& [k, n] : r->keys) out.keys[k] = static_cast<std::int64_t>(n);
    out.num_nodes = static_cast<std::int64_t>(r->num_nodes);
    out.num_resp = static_cast<std::int64_t>(r->num_resp);
    out.num_err = static_cast<std::int64_t>(r->num_err);
    agent_.log().info("agent", command + ": " + std::to_string(r->num_resp) + "/" +
                                   std::to_string(r->num_nodes) + " members answered");
    return r->error().value_or("");
  } catch (const std::exception& e) {
    return e.what();
  }
}

std::uint64_t RpcAdapter::subscribe_events(std::vector<EventFilter> filters,
                                           std::function<void(const Event&)> cb) {
  return agent_.subscribe_events(std::move(filters), std::move(cb));
}

void RpcAdapter::unsubscribe_events(std::uint64_t token) {
  agent_.unsubscribe_events(token);
}

std::uint64_t RpcAdapter::subscribe_logs(const std::string& level,
                                         std::function<void(const std::string&)> cb) {
  return agent_.subscribe_logs(level, std::move(cb));
}

void RpcAdapter::unsubscribe_logs(std::uint64_t token) {
  agent_.unsubscribe_logs(token);
}

std::string RpcAdapter::auth_key() const {
  return agent_.rpc_auth();
}

std::optional<serf::Coordinate> RpcAdapter::coordinate(const std::string& node) {
  return agent_.coordinate(node);
}

}  // namespace rumor::agent
