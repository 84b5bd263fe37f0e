#include "http/connection.hpp"

#include <utility>

#include "http/access.hpp"

namespace rumor::http {

using asio::ip::tcp;

namespace {

constexpr auto kLingerTimeout = std::chrono::seconds(2);  // draining before a close

}  // namespace

Connection::Connection(Server::Core& srv, tcp::socket sock)
    : srv_(srv), sock_(std::move(sock)), timer_(srv.io), beat_(srv.io), age_(srv.io) {}

void Connection::start() {
  idle_ = true;  // nothing sent yet: a silent connection is closed without a word
  set_deadline(Clock::now() + srv_.opt.request_timeout);
  read();
}

void Connection::refuse() {
  refusing_ = true;
  ++srv_.refusing;
  auto r = error_response(503, "too many connections: try again shortly");
  r.headers = "Retry-After: 1\r\n";
  respond(std::move(r), true);
}

void Connection::close() {
  if (closed_) return;
  closed_ = true;
  if (refusing_) --srv_.refusing;
  asio::error_code ec;
  sock_.shutdown(tcp::socket::shutdown_both, ec);
  sock_.close(ec);
  timer_.cancel();
  beat_.cancel();
  age_.cancel();
  auto self = shared_from_this();
  srv_.conns.erase(self);
  detach_stream();
}

void Connection::detach_stream() {
  if (auto fn = std::exchange(on_stream_closed_, nullptr)) fn();
}

bool Connection::push(const std::vector<std::shared_ptr<const std::string>>& frames) {
  if (closed_ || close_after_write_) return false;
  if (out_.size() >= sopt_.queue_limit || out_bytes_ > sopt_.queue_bytes) {
    srv_.count([](auto& c) { ++c.streams_dropped; });
    close();
    return false;
  }
  for (const auto& f : frames) enqueue(f, true);
  write_next();
  return true;
}

// Ends a stream gracefully: what is queued is written, then the connection is closed.
void Connection::end() {
  detach_stream();
  beat_.cancel();
  close_after_write_ = true;
  if (!writing_ && out_.empty()) linger();
}

void Connection::read() {
  if (closed_ || reading_) return;
  reading_ = true;
  sock_.async_read_some(asio::buffer(rbuf_),
                        [self = shared_from_this()](const asio::error_code& ec, std::size_t n) {
                          self->reading_ = false;
                          self->on_read(ec, n);
                        });
}

void Connection::on_read(const asio::error_code& ec, std::size_t n) {
  if (closed_) return;
  if (ec) {
    close();
    return;
  }
  if (lingering_ || stream_) {  // nothing more is wanted from this client
    read();
    return;
  }
  if (in_.empty() && idle_) {
    idle_ = false;  // a new request starts: it must be complete within request_timeout
    set_deadline(Clock::now() + srv_.opt.request_timeout);
  }
  in_.append(rbuf_.data(), n);
  process();
}

void Connection::process() {
  if (closed_ || busy_ || lingering_) return;
  Request req;
  const auto r = parse_request(in_, srv_.opt.limits, req);
  switch (r.status) {
    case ParseStatus::incomplete:
      read();
      return;
    case ParseStatus::error:
      srv_.count([](auto& c) { ++c.malformed; });
      in_.clear();
      keep_ = false;
      head_ = false;
      respond(error_response(r.code, r.reason), true);
      return;
    case ParseStatus::complete:
      break;
  }
  in_.erase(0, r.consumed);
  srv_.count([](auto& c) { ++c.requests; });
  handle(req);
}

void Connection::handle(const Request& req) {
  req_ = &req;
  head_ = req.method == "HEAD";
  keep_ = req.keep_alive();
  answered_ = false;
  try {
    srv_.handler(req, *this);
  } catch (const std::exception& e) {
    if (!answered_) respond(error_response(500, std::string("internal error: ") + e.what()));
  }
  if (!answered_) respond(error_response(500, "internal error: no answer"));
  req_ = nullptr;
}

bool Connection::admit() {
  const auto& o = srv_.opt;
  if (o.token.empty() && !loopback_host(*req_, o.host)) {
    // Without a token, loopback is the only protection: a page elsewhere whose name
    // re-resolves to 127.0.0.1 (DNS rebinding) must not read the API through a browser.
    srv_.count([](auto& c) { ++c.unauthorized; });
    respond(error_response(403, "Host must name a loopback address (or set a token)"));
    return false;
  }
  if (!authorized(*req_, o.token)) {
    srv_.count([](auto& c) { ++c.unauthorized; });
    auto r = error_response(401, "a token is required: Authorization: Bearer <token> or ?token=");
    r.headers = "WWW-Authenticate: Bearer realm=\"rumor\"\r\n";
    respond(std::move(r));
    return false;
  }
  return true;
}

void Connection::count_response(int code) {
  srv_.count([code](auto& c) { ++c.responses[code]; });
}

void Connection::respond(Response res, bool close) {
  answered_ = true;
  const bool keep = keep_ && !close;
  count_response(res.code);
  std::string r = "HTTP/1.1 " + std::to_string(res.code) + " " + status_text(res.code) + "\r\n";
  r += "Content-Type: " + res.content_type + "\r\n";
  r += "Content-Length: " + std::to_string(res.body.size()) + "\r\n";
  r += keep ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
  if (res.headers.find("Cache-Control") == std::string::npos) r += "Cache-Control: no-store\r\n";
  r += "X-Content-Type-Options: nosniff\r\n";
  r += res.headers;
  r += "\r\n";
  if (!head_) r += res.body;
  busy_ = true;
  close_after_write_ = !keep;
  enqueue(std::make_shared<const std::string>(std::move(r)), false);
  write_next();
}

std::shared_ptr<Stream> Connection::stream(const StreamOptions& opt, std::string preamble,
                                           std::function<void()> on_closed) {
  answered_ = true;
  std::string h = "HTTP/1.1 200 OK\r\nContent-Type: " + opt.content_type +
                  "\r\n"
                  "Cache-Control: no-store\r\n"
                  "X-Content-Type-Options: nosniff\r\n"
                  "X-Accel-Buffering: no\r\n";
  count_response(200);
  busy_ = true;
  if (head_) {
    h += "Connection: close\r\n\r\n";
    close_after_write_ = true;
    enqueue(std::make_shared<const std::string>(std::move(h)), false);
    write_next();
    return nullptr;
  }
  h += "Connection: keep-alive\r\n\r\n";
  sopt_ = opt;
  stream_ = true;
  in_.clear();
  on_stream_closed_ = std::move(on_closed);
  enqueue(std::make_shared<const std::string>(std::move(h)), false);
  if (!preamble.empty()) enqueue(std::make_shared<const std::string>(std::move(preamble)), false);
  write_next();
  read();  // to notice the client going away
  arm_heartbeat();
  if (sopt_.max_age.count() > 0) {
    age_.expires_after(sopt_.max_age);
    age_.async_wait([self = shared_from_this()](const asio::error_code& ec) {
      if (!ec && !self->closed_) self->end();
    });
  }
  return shared_from_this();
}

void Connection::arm_heartbeat() {
  beat_.expires_after(sopt_.heartbeat);
  beat_.async_wait([self = shared_from_this()](const asio::error_code& ec) {
    if (ec || self->closed_) return;
    if (self->out_.empty()) {
      self->enqueue(std::make_shared<const std::string>(self->sopt_.heartbeat_frame), false);
      self->write_next();
    }
    self->arm_heartbeat();
  });
}

void Connection::enqueue(std::shared_ptr<const std::string> s, bool frame) {
  out_bytes_ += s->size();
  out_.push_back({std::move(s), frame});
}

void Connection::write_next() {
  if (closed_ || writing_ || out_.empty()) return;
  writing_ = true;
  set_deadline(Clock::now() + srv_.opt.write_timeout);
  // Gather what is queued into one write.
  auto batch = std::make_shared<std::vector<Out>>(out_.begin(), out_.end());
  out_.clear();
  std::vector<asio::const_buffer> bufs;
  for (const auto& o : *batch) bufs.push_back(asio::buffer(*o.data));
  asio::async_write(sock_, bufs,
                    [self = shared_from_this(), batch](const asio::error_code& ec, std::size_t) {
                      self->on_written(ec, *batch);
                    });
}

void Connection::on_written(const asio::error_code& ec, const std::vector<Out>& batch) {
  writing_ = false;
  if (closed_) return;
  if (ec) {
    close();
    return;
  }
  std::uint64_t frames = 0;
  for (const auto& o : batch) {
    out_bytes_ -= o.data->size();
    if (o.frame) ++frames;
  }
  if (frames) srv_.count([frames](auto& c) { c.frames_sent += frames; });
  if (!out_.empty()) {
    write_next();
    return;
  }
  if (close_after_write_) {
    linger();
    return;
  }
  if (stream_) {
    timer_.cancel();  // no deadline while nothing is being written
    return;
  }
  busy_ = false;
  if (in_.empty()) {
    idle_ = true;
    set_deadline(Clock::now() + srv_.opt.idle_timeout);
  } else {
    set_deadline(Clock::now() + srv_.opt.request_timeout);
  }
  process();
}

// After a response with "Connection: close": stop sending, then read and discard until
// the client closes (or briefly), so unread bytes do not turn our close into a reset
// that could destroy the response in flight.
void Connection::linger() {
  lingering_ = true;
  asio::error_code ec;
  sock_.shutdown(tcp::socket::shutdown_send, ec);
  if (ec) {
    close();
    return;
  }
  set_deadline(Clock::now() + kLingerTimeout);
  read();
}

void Connection::set_deadline(Clock::time_point tp) {
  timer_.expires_at(tp);
  timer_.async_wait([self = shared_from_this()](const asio::error_code& ec) {
    if (ec || self->closed_) return;  // cancelled or moved
    self->on_timeout();
  });
}

void Connection::on_timeout() {
  if (lingering_) {
    close();
    return;
  }
  if (stream_) {
    srv_.count([](auto& c) { ++c.streams_dropped; });
  } else if (!idle_ || writing_) {
    srv_.count([](auto& c) { ++c.timeouts; });
    if (!writing_ && !busy_) {  // a request that did not arrive in time: say so
      in_.clear();
      keep_ = false;
      head_ = false;
      respond(error_response(408, "request timeout"), true);
      return;
    }
  }
  close();
}

}  // namespace rumor::http
