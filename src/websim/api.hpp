// The web simulator's HTTP JSON API and pages, mounted under a prefix ("" for `rumor sim
// serve`, "/sim" in the agent's HTTP server). The simulations are computed here, by the
// lab and the simulator; the page's JavaScript only draws what these answers hold.
//
//   GET    {prefix}/                          the page (index.html, app.js, style.css)
//   GET    {prefix}/api/limits                the limits and the choices
//   POST   {prefix}/api/sessions?engine=lab|protocol&...   a new session, its state
//   GET    {prefix}/api/sessions/ID[?observer=N]         its state
//   POST   {prefix}/api/sessions/ID/infect?node=N        lab: infect; protocol: broadcast
//   POST   {prefix}/api/sessions/ID/crash?node=N         protocol: crash a node
//   POST   {prefix}/api/sessions/ID/step?count=K         K cycles (lab) or steps (protocol)
//   POST   {prefix}/api/sessions/ID/reset                the same parameters, from the start
//   DELETE {prefix}/api/sessions/ID
//
// Parameters travel in the query (requests have no body). A bad one gets 400 and
// {"error": "field: why", "field": "field"}. docs/websim.md is the reference.
#pragma once

#include <string>
#include <string_view>

#include "http/mount.hpp"
#include "http/server.hpp"
#include "websim/sessions.hpp"

namespace rumor::websim {

struct ApiResponse {
  int code = 200;
  std::string body;  // JSON
};

class Api {
 public:
  explicit Api(Limits limits = {}, std::function<Clock::time_point()> now = Clock::now);

  // One API call: `path` is what follows "{prefix}/api", e.g. "/sessions/ab12/step".
  ApiResponse call(std::string_view method, std::string_view path, const Query& q);
  // Serves a request whose path starts with `prefix` (pages, then the API). API routes
  // go through Exchange::admit() (token, loopback Host); the pages hold no data.
  void handle(const http::Request& req, http::Exchange& ex, std::string_view prefix);
  // handle() under `prefix`, for another server's routes (the agent's /sim). The Api
  // must outlive whatever serves the mount.
  http::Mount mount(std::string prefix);

  Sessions& sessions() { return sessions_; }

 private:
  ApiResponse session_call(std::string_view method, const std::string& id, std::string_view action,
                           const Query& q);
  Sessions sessions_;
};

}  // namespace rumor::websim
