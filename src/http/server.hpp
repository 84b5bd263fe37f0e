// An HTTP/1.1 server for rumor's small APIs (the agent's, the web simulator's): one
// thread runs every connection on Asio. Requests are bounded (head size, header count),
// must arrive within a timeout, and malformed ones are answered 4xx and counted; writes
// must progress; connections are capped, and those over the cap answered 503. Responses
// may be kept open as streams (server-sent events) with heartbeats, a maximum age and a
// bounded backlog per client.
//
// What a path means is the application's: it gives one Handler, called on the server's
// thread for every well-formed request, which answers through the Exchange exactly once
// (respond, or stream). Exchange::admit() applies the access rule of access.hpp. Bound
// anywhere but loopback the server needs a token.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"

namespace rumor::http {

struct ServerOptions {
  std::string host = "127.0.0.1";  // numeric address
  std::uint16_t port = 0;          // 0: any free port (see Server::port())
  std::string token;               // required unless host is a loopback address
  // The end of the error for a non-loopback host without a token: what to set.
  std::string token_hint = "a token is required to serve there";
  Limits limits;
  std::size_t max_connections = 64;                   // more are answered 503 (and counted)
  std::chrono::milliseconds request_timeout{10'000};  // from a request's first byte to its end
  std::chrono::milliseconds idle_timeout{30'000};     // keep-alive: between two requests
  std::chrono::milliseconds write_timeout{10'000};    // a write must complete within this
};

struct ServerCounters {
  std::uint64_t connections = 0;           // accepted
  std::uint64_t connections_rejected = 0;  // over max_connections
  std::uint64_t requests = 0;              // complete request heads parsed
  std::map<int, std::uint64_t> responses;  // by status code
  std::uint64_t malformed = 0;             // requests refused by the parser (4xx/5xx)
  std::uint64_t timeouts = 0;              // connections closed by a timeout
  std::uint64_t unauthorized = 0;          // requests refused by Exchange::admit()
  std::uint64_t frames_sent = 0;           // Stream::push frames written to clients
  std::uint64_t streams_dropped = 0;       // stream clients too slow to keep up
};

struct StreamOptions {
  std::string content_type = "text/event-stream";
  std::chrono::milliseconds heartbeat{15'000};  // this frame when nothing else is written
  std::string heartbeat_frame = ": heartbeat\n\n";
  std::chrono::milliseconds max_age{0};  // then ended gracefully (0: never)
  std::size_t queue_limit = 256;         // frames a client has not taken; beyond: dropped
  std::size_t queue_bytes = 4 << 20;     // and their bytes
};

// A response kept open. Used on the server's thread only.
class Stream {
 public:
  virtual ~Stream() = default;
  // Frames for the client; false when it has fallen too far behind (it is then closed
  // and counted in streams_dropped). A burst is accepted whole: only the backlog the
  // client has not taken yet decides.
  virtual bool push(const std::vector<std::shared_ptr<const std::string>>& frames) = 0;
  // Writes what is queued, then closes.
  virtual void end() = 0;
};

// One request's answer.
class Exchange {
 public:
  virtual ~Exchange() = default;
  // Answers; with `close` (or a request that does not keep the connection) it is closed
  // after the response.
  virtual void respond(Response r, bool close = false) = 0;
  // Starts a stream: the headers, then `preamble` (not counted as frames). `on_closed`
  // runs once when the stream ends or its connection closes. For HEAD, only the headers
  // are sent and nullptr is returned.
  virtual std::shared_ptr<Stream> stream(const StreamOptions& opt, std::string preamble,
                                         std::function<void()> on_closed) = 0;
  // Whether the request may use a protected route (access.hpp); if not, it has been
  // answered 403 or 401 and counted.
  virtual bool admit() = 0;
  virtual bool head() const = 0;  // a HEAD request
};

using Handler = std::function<void(const Request&, Exchange&)>;

class Server {
 public:
  // Binds and starts the thread. Throws std::invalid_argument for a bad address or a
  // non-loopback one without a token, and std::runtime_error naming the address when it
  // cannot listen there. A handler that throws gets its request answered 500.
  Server(ServerOptions opt, Handler handler);
  ~Server();  // stop()
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  std::uint16_t port() const;
  std::string address() const;  // "127.0.0.1:7380", "[::1]:7380"
  const ServerOptions& options() const;
  ServerCounters counters() const;
  // Runs fn on the server's thread (it must not throw).
  void post(std::function<void()> fn);
  // Closes the listener and every connection, joins the thread. Idempotent.
  void stop();

  struct Core;

 private:
  std::unique_ptr<Core> core_;
};

}  // namespace rumor::http
