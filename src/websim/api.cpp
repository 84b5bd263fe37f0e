#include "websim/api.hpp"

#include <nlohmann/json.hpp>

#include "websim/ui/assets.hpp"

namespace rumor::websim {
namespace {

using json = nlohmann::json;

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

ApiResponse error(int code, const std::string& msg, const std::string& field = {}) {
  json j = {{"error", msg}};
  if (!field.empty()) j["field"] = field;
  return {code, dump(j)};
}

std::optional<std::uint32_t> observer_of(const Query& q, std::uint32_t nodes) {
  const auto it = q.find("observer");
  if (it == q.end() || it->second.empty() || it->second == "majority") return std::nullopt;
  return static_cast<std::uint32_t>(integer(q, "observer", 0, 0, nodes - 1));
}

json state_of(const Session& s, const Query& q) {
  if (const auto* lab = std::get_if<LabSession>(&s)) return lab->state();
  const auto& p = std::get<ProtocolSession>(s);
  return p.state(observer_of(q, p.size()));
}

}  // namespace

Api::Api(Limits limits, std::function<Clock::time_point()> now)
    : sessions_(limits, std::move(now)) {}

ApiResponse Api::call(std::string_view method, std::string_view path, const Query& q) {
  try {
    if (path == "/limits") {
      if (method != "GET") return error(405, "GET only");
      const auto& l = sessions_.limits();
      return {200, dump(json{{"max_sessions", l.max_sessions},
                             {"max_lab_nodes", l.max_lab_nodes},
                             {"max_protocol_nodes", l.max_protocol_nodes},
                             {"idle_seconds", l.idle.count()},
                             {"algorithm", {"anti-entropy", "rumor"}},
                             {"mode", {"push", "pull", "push-pull"}},
                             {"stop", {"feedback", "blind"}},
                             {"decay", {"counter", "coin"}}})};
    }
    if (path == "/sessions") {
      if (method != "POST") return error(405, "POST to create a session");
      const std::string id = sessions_.create(q);
      return session_call("GET", id, "", q);
    }
    if (path.starts_with("/sessions/")) {
      std::string_view rest = path.substr(10);
      const auto slash = rest.find('/');
      const std::string id(rest.substr(0, slash));
      const std::string_view action =
          slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
      return session_call(method, id, action, q);
    }
    return error(404, "not found");
  } catch (const ParamError& e) {
    return error(400, e.what(), e.field());
  } catch (const SessionsFull& e) {
    return error(503, e.what());
  }
}

ApiResponse Api::session_call(std::string_view method, const std::string& id,
                              std::string_view action, const Query& q) {
  if (action.empty() && method == "DELETE")
    return sessions_.erase(id) ? ApiResponse{200, "{}"} : error(404, "no such session", "session");
  if (!action.empty() && method != "POST") return error(405, "POST to act on a session");
  if (action == "reset" && !sessions_.reset(id)) return error(404, "no such session", "session");
  if (action.empty() && method != "GET") return error(405, "GET a session's state");
  ApiResponse out{404, ""};
  const bool found = sessions_.with(id, [&](Session& s) {
    if (action == "infect" || action == "crash") {
      const auto node = static_cast<std::uint32_t>(integer(q, "node", -1, 0, INT32_MAX));
      if (auto* lab = std::get_if<LabSession>(&s)) {
        if (action == "crash") throw ParamError("node", "crash is for protocol sessions");
        lab->infect(node);
      } else {
        auto& p = std::get<ProtocolSession>(s);
        if (action == "crash")
          p.crash(node);
        else
          p.broadcast(node);
      }
    } else if (action == "step") {
      const int count = static_cast<int>(integer(q, "count", 1, 1, 1000));
      if (auto* lab = std::get_if<LabSession>(&s))
        lab->step(count);
      else
        std::get<ProtocolSession>(s).step(count);
    } else if (!action.empty() && action != "reset") {
      out = error(404, "no such action: " + std::string(action));
      return;
    }
    json j = state_of(s, q);
    j["session"] = id;
    out = {200, dump(j)};
  });
  if (!found) return error(404, "no such session", "session");
  return out;
}

void Api::handle(const http::Request& req, http::Exchange& ex, std::string_view prefix) {
  std::string_view p = req.path;
  p.remove_prefix(prefix.size());
  if (p == "/" || p == "/index.html" || p == "/app.js" || p == "/style.css") {
    if (req.method != "GET" && !ex.head()) {
      ex.respond({405, "application/json", http::error_body("GET only"), "Allow: GET, HEAD\r\n"});
      return;
    }
    const auto* a = ui::find_asset(p == "/" ? "index.html" : p.substr(1));
    ex.respond(http::asset_response(*a));
    return;
  }
  if (!p.starts_with("/api/")) {
    ex.respond(http::error_response(404, "not found"));
    return;
  }
  if (!ex.admit()) return;
  Query q;
  for (auto& [k, v] : http::parse_query(req.query)) q.emplace(std::move(k), std::move(v));
  const auto r = call(req.method == "HEAD" ? "GET" : req.method, p.substr(4), q);
  ex.respond({r.code, "application/json", r.body, {}});
}

http::Mount Api::mount(std::string prefix) {
  return {prefix, [this, prefix](const http::Request& req, http::Exchange& ex) {
            handle(req, ex, prefix);
          }};
}

}  // namespace rumor::websim
