#include "http/server.hpp"

#include <future>
#include <stdexcept>

#include "http/access.hpp"
#include "http/connection.hpp"

namespace rumor::http {

using asio::ip::tcp;

namespace {
// Connections answered 503 at once, beyond max_connections; each lingers at most a
// couple of seconds (connection.cpp).
constexpr std::size_t kMaxRefusing = 16;
}  // namespace

void Server::Core::accept() {
  acceptor.async_accept([this](const asio::error_code& ec, tcp::socket sock) {
    if (stopped) return;
    if (!ec) {
      if (conns.size() - refusing >= opt.max_connections) {
        // Full (slow clients hold every slot): say so with a 503, unless so many are
        // being refused already that even that would pile up; then just close.
        count([](auto& c) { ++c.connections_rejected; });
        if (refusing < kMaxRefusing) {
          auto conn = std::make_shared<Connection>(*this, std::move(sock));
          conns.insert(conn);
          conn->refuse();
        } else {
          asio::error_code ignored;
          sock.close(ignored);
        }
      } else {
        count([](auto& c) { ++c.connections; });
        asio::error_code ignored;
        sock.set_option(tcp::no_delay(true), ignored);
        auto conn = std::make_shared<Connection>(*this, std::move(sock));
        conns.insert(conn);
        conn->start();
      }
    } else if (ec == asio::error::operation_aborted || !acceptor.is_open()) {
      return;
    }
    accept();
  });
}

Server::Server(ServerOptions opt, Handler handler)
    : core_(std::make_unique<Core>(std::move(opt), std::move(handler))) {
  auto& s = *core_;
  asio::error_code ec;
  const auto ip = asio::ip::make_address(s.opt.host, ec);
  if (ec) throw std::invalid_argument("http: not a numeric address: '" + s.opt.host + "'");
  const tcp::endpoint ep(ip, s.opt.port);
  auto text = [&ip](std::uint16_t port) {
    return (ip.is_v6() ? "[" + ip.to_string() + "]" : ip.to_string()) + ":" + std::to_string(port);
  };
  s.addr_text = text(s.opt.port);
  if (!is_loopback_address(s.opt.host) && s.opt.token.empty())
    throw std::invalid_argument("http: " + s.addr_text +
                                " is not a loopback address: " + s.opt.token_hint);
  if (s.opt.limits.max_head_bytes == 0 || s.opt.max_connections == 0)
    throw std::invalid_argument("http: limits must be positive");

  auto fail = [&](const char* what) {
    throw std::runtime_error("http: cannot listen on " + s.addr_text + ": " + what + ": " +
                             ec.message());
  };
  s.acceptor.open(ep.protocol(), ec);
  if (ec) fail("open");
  s.acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (ec) fail("reuse_address");
  s.acceptor.bind(ep, ec);
  if (ec) fail("bind");
  s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) fail("listen");
  s.port = s.acceptor.local_endpoint(ec).port();
  s.addr_text = text(s.port);

  s.accept();
  s.thread = std::thread([&s] {
    for (;;) {
      try {
        s.io.run();
        return;
      } catch (const std::exception&) {
        // A handler threw (a bug): keep serving the other connections.
      }
    }
  });
}

Server::~Server() {
  stop();
}

std::uint16_t Server::port() const {
  return core_->port;
}

std::string Server::address() const {
  return core_->addr_text;
}

const ServerOptions& Server::options() const {
  return core_->opt;
}

ServerCounters Server::counters() const {
  std::lock_guard lock(core_->cnt_mu);
  return core_->cnt;
}

void Server::post(std::function<void()> fn) {
  asio::post(core_->io, std::move(fn));
}

void Server::stop() {
  auto& s = *core_;
  if (s.stopped.exchange(true)) return;
  std::promise<void> closed;
  asio::post(s.io, [&s, &closed] {
    asio::error_code ec;
    s.acceptor.close(ec);
    const auto all = s.conns;
    for (const auto& c : all) c->close();
    closed.set_value();
  });
  if (s.thread.joinable()) {
    closed.get_future().wait_for(std::chrono::seconds(5));
    s.io.stop();
    s.thread.join();
  }
  s.conns.clear();
}

}  // namespace rumor::http
