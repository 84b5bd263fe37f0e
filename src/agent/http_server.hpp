// The agent's HTTP API and dashboard (default 127.0.0.1:7380):
//
//   GET /v1/members   members with their status and tags (JSON)
//   GET /v1/stats     a stats snapshot (JSON)
//   GET /v1/peers     who gossips with whom, as far as this agent knows (JSON)
//   GET /v1/events    agent events as server-sent events, recent ones first
//   GET /metrics      Prometheus text format 0.0.4
//   GET /, /ui/...    the dashboard (static files compiled into the binary)
//   PREFIX/...        what a caller mounts there (the CLI mounts the web simulator at /sim)
//
// The connections, limits, timeouts and access rule are http::Server's (src/http/); this
// is the agent's routes over it, and the event feed behind /v1/events (http_events.hpp).
// Bound anywhere but loopback the server needs a token, given as "Authorization: Bearer
// <token>" or "?token=<token>"; with a token set, every API route needs it (the
// dashboard's static files, which hold no data, do not). docs/http.md is the reference.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "agent/http_backend.hpp"
#include "http/access.hpp"
#include "http/mount.hpp"
#include "http/request.hpp"
#include "http/server.hpp"

namespace rumor::agent {

// Routes served beside the agent's own, on the HTTP thread. The agent knows nothing of
// what is mounted; `rumor agent` mounts the web gossip simulator (websim::Api) at "/sim".
using HttpMount = http::Mount;

// The server's (host, port, token, limits, timeouts), with the agent's defaults, the
// event streams', and what is mounted beside the API.
struct HttpServerOptions : http::ServerOptions {
  HttpServerOptions() {
    port = 7380;  // 0: any free port (see HttpServer::port())
    token_hint = "a token (http_token) is required to serve the HTTP API there";
  }
  std::chrono::milliseconds heartbeat{15'000};  // SSE comment line when nothing else
  std::size_t max_event_streams = 16;           // concurrent /v1/events clients (more: 503)
  std::size_t stream_queue_limit = 256;         // events queued for one client; beyond: dropped
  std::size_t recent_events = 100;              // replayed to a new /v1/events client
  // An event stream is ended after this long (0: never); the EventSource reconnects with
  // Last-Event-ID and misses nothing the ring still holds. Recycling bounds how long a
  // proxy or a stale client holds a stream, and lets a headless browser's virtual time
  // (which waits while any fetch is pending) move on.
  std::chrono::milliseconds stream_max_age{10 * 60'000};
  std::vector<HttpMount> mounts;
};

// The server's own counters (also on /metrics as rumor_http_*).
struct HttpServerCounters {
  std::uint64_t connections = 0;           // accepted
  std::uint64_t connections_rejected = 0;  // over max_connections
  std::uint64_t requests = 0;              // complete request heads parsed
  std::map<int, std::uint64_t> responses;  // by status code
  std::uint64_t malformed = 0;             // requests refused by the parser (4xx/5xx)
  std::uint64_t timeouts = 0;              // connections closed by a timeout
  std::uint64_t unauthorized = 0;          // requests without the right token
  std::uint64_t backend_errors = 0;        // the agent failed to answer (503)
  std::uint64_t event_streams = 0;         // /v1/events clients now
  std::uint64_t events_received = 0;       // from the agent
  std::uint64_t events_sent = 0;           // SSE frames written to clients
  std::uint64_t streams_dropped = 0;       // slow clients whose queue overflowed
  std::uint64_t events_lost = 0;           // events the HTTP thread fell too far behind on
};

class HttpServer {
 public:
  // Binds, subscribes to the backend's events and starts the HTTP thread. Throws
  // std::invalid_argument for a bad address or a non-loopback one without a token, and
  // std::runtime_error naming the address when it cannot listen there.
  HttpServer(HttpBackend& backend, HttpServerOptions opt);
  ~HttpServer();  // stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  std::uint16_t port() const;
  std::string address() const;  // "127.0.0.1:7380", "[::1]:7380"
  HttpServerCounters counters() const;
  // Unsubscribes, closes the listener and every connection, joins the thread. Idempotent.
  void stop();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

using http::is_loopback_address;

// The bodies the routes serve (http_bodies.cpp); pure, for the tests.
std::string members_json(const std::vector<MemberInfo>& members);
std::string stats_json(const HttpStats& st, const HttpServerCounters& http);
std::string peers_json(const GossipView& view);
std::string event_json(const Event& e, std::uint64_t id, std::int64_t unix_ms);
std::string render_metrics(const HttpStats& st, const HttpServerCounters& http);

}  // namespace rumor::agent
