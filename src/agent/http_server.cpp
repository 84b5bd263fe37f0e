#include "agent/http_server.hpp"

#include <mutex>
#include <stdexcept>

#include "agent/http_events.hpp"
#include "agent/ui/assets.hpp"
#include "http/server.hpp"

namespace rumor::agent {
namespace {

// The event callback's way in: late callbacks (after stop) find `feed` null.
struct Sink {
  std::mutex mu;
  EventFeed* feed = nullptr;
};

EventFeed::Options feed_options(const HttpServerOptions& o) {
  EventFeed::Options f;
  f.max_streams = o.max_event_streams;
  f.recent = o.recent_events;
  f.stream.heartbeat = o.heartbeat;
  f.stream.max_age = o.stream_max_age;
  f.stream.queue_limit = o.stream_queue_limit;
  return f;
}

}  // namespace

struct HttpServer::Impl {
  Impl(HttpBackend& b, HttpServerOptions o)
      : backend(b),
        opt(std::move(o)),
        feed(feed_options(opt), [this](std::function<void()> fn) { server->post(std::move(fn)); }) {
  }

  void handle(const http::Request& req, http::Exchange& ex);
  void route(const http::Request& req, http::Exchange& ex);
  void serve_asset(std::string_view name, http::Exchange& ex) {
    if (const auto* a = ui::find_asset(name))
      ex.respond(http::asset_response({a->name, a->content_type, a->body}));
    else
      ex.respond(http::error_response(404, "not found"));
  }
  HttpServerCounters counters() const {
    const auto s = server->counters();
    const auto f = feed.counters();
    HttpServerCounters c;
    c.connections = s.connections;
    c.connections_rejected = s.connections_rejected;
    c.requests = s.requests;
    c.responses = s.responses;
    c.malformed = s.malformed;
    c.timeouts = s.timeouts;
    c.unauthorized = s.unauthorized;
    c.events_sent = s.frames_sent;
    c.streams_dropped = s.streams_dropped;
    c.event_streams = f.streams;
    c.events_received = f.received;
    c.events_lost = f.lost;
    std::lock_guard lock(mu);
    c.backend_errors = backend_errors;
    return c;
  }

  HttpBackend& backend;
  HttpServerOptions opt;
  EventFeed feed;
  std::unique_ptr<http::Server> server;
  std::shared_ptr<Sink> sink = std::make_shared<Sink>();
  std::uint64_t watch_token = 0;
  bool watching = false;
  bool stopped = false;
  mutable std::mutex mu;
  std::uint64_t backend_errors = 0;
};

void HttpServer::Impl::handle(const http::Request& req, http::Exchange& ex) {
  // A mount has routes and rules of its own, POST among them.
  for (const auto& m : opt.mounts)
    if (m.covers(req.path)) return m.handle(req, ex);
  if (req.method != "GET" && !ex.head()) {
    ex.respond({405, "application/json", http::error_body("only GET and HEAD are supported"),
                "Allow: GET, HEAD\r\n"});
    return;
  }
  const std::string& p = req.path;
  if (p == "/" || p == "/ui" || p == "/ui/" || p == "/index.html")
    return serve_asset("index.html", ex);
  if (p.starts_with("/ui/")) return serve_asset(std::string_view(p).substr(4), ex);
  // Browsers ask for /favicon.ico whatever the page says; an SVG answers either.
  if (p == "/favicon.ico") return serve_asset("favicon.svg", ex);
  if (p != "/metrics" && !p.starts_with("/v1/")) {
    ex.respond(http::error_response(404, "not found"));
    return;
  }
  if (!ex.admit()) return;
  try {
    route(req, ex);
  } catch (const std::exception& e) {
    {
      std::lock_guard lock(mu);
      ++backend_errors;
    }
    ex.respond(http::error_response(503, std::string("agent: ") + e.what()));
  }
}

// The API routes, once admitted.
void HttpServer::Impl::route(const http::Request& req, http::Exchange& ex) {
  const std::string& p = req.path;
  if (p == "/v1/members") {
    ex.respond({200, "application/json", members_json(backend.member_list()), {}});
  } else if (p == "/v1/stats") {
    auto st = backend.stats_snapshot();
    ex.respond({200, "application/json", stats_json(st, counters()), {}});
  } else if (p == "/v1/peers") {
    ex.respond({200, "application/json", peers_json(backend.gossip_view()), {}});
  } else if (p == "/metrics") {
    auto st = backend.stats_snapshot();
    ex.respond({200, std::string(prom::kContentType), render_metrics(st, counters()), {}});
  } else if (p == "/v1/events") {
    feed.open(req, ex);
  } else {
    ex.respond(http::error_response(404, "not found"));
  }
}

HttpServer::HttpServer(HttpBackend& backend, HttpServerOptions opt)
    : impl_(std::make_unique<Impl>(backend, std::move(opt))) {
  auto& s = *impl_;
  if (s.opt.stream_queue_limit == 0) throw std::invalid_argument("http: limits must be positive");
  s.server = std::make_unique<http::Server>(
      s.opt, [&s](const http::Request& req, http::Exchange& ex) { s.handle(req, ex); });
  s.sink->feed = &s.feed;
  s.watch_token = backend.watch_events([sink = s.sink](const Event& e) {
    std::lock_guard lock(sink->mu);
    if (sink->feed) sink->feed->publish(e);
  });
  s.watching = true;
}

HttpServer::~HttpServer() {
  stop();
}

std::uint16_t HttpServer::port() const {
  return impl_->server->port();
}

std::string HttpServer::address() const {
  return impl_->server->address();
}

HttpServerCounters HttpServer::counters() const {
  return impl_->counters();
}

void HttpServer::stop() {
  auto& s = *impl_;
  if (s.stopped) return;
  s.stopped = true;
  if (s.watching) s.backend.unwatch_events(s.watch_token);
  {
    std::lock_guard lock(s.sink->mu);
    s.sink->feed = nullptr;  // a callback already under way has finished; none follow
  }
  s.server->stop();
  s.feed.clear();
}

}  // namespace rumor::agent
