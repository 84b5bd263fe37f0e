#include "agent/rpc_server.hpp"

#include <sys/socket.h>

#include "agent/rpc_connection.hpp"

namespace rumor::agent {

RpcServer::RpcServer(RpcBackend& backend, const std::string& host, std::uint16_t port)
    : backend_(backend), acceptor_(io_) {
  const asio::ip::tcp::endpoint ep(asio::ip::make_address(host), port);
  acceptor_.open(ep.protocol());
  acceptor_.set_option(asio::ip::tcp::acceptor::reuse_address(true));
  acceptor_.bind(ep);
  acceptor_.listen();
  port_ = acceptor_.local_endpoint().port();
  accept_thread_ = std::thread([this] { accept_loop(); });
}

RpcServer::~RpcServer() {
  stop();
}

void RpcServer::accept_loop() {
  while (!stopping_) {
    asio::error_code ec;
    asio::ip::tcp::socket socket(io_);
    acceptor_.accept(socket, ec);
    if (ec) {
      if (stopping_) return;
      continue;
    }
    auto conn = std::make_shared<RpcConnection>(backend_, std::move(socket));
    std::lock_guard lock(mu_);
    if (stopping_) {
      conn->close();
      return;
    }
    std::erase_if(conns_, [](const std::weak_ptr<RpcConnection>& c) { return c.expired(); });
    conns_.push_back(conn);
    ++active_;
    // Detached: a client thread ends on its own; stop() waits for the count to drop.
    std::thread([this, conn]() mutable {
      conn->run();
      conn.reset();
      std::lock_guard done(mu_);
      --active_;
      idle_.notify_all();
    }).detach();
  }
}

void RpcServer::stop() {
  if (stopping_.exchange(true)) return;
  // close() alone does not wake a thread blocked in accept() on Linux; shutdown() does.
  ::shutdown(acceptor_.native_handle(), SHUT_RDWR);
  asio::error_code ec;
  acceptor_.close(ec);
  if (accept_thread_.joinable()) accept_thread_.join();
  std::unique_lock lock(mu_);
  for (auto& weak : conns_)
    if (auto c = weak.lock()) c->close();
  idle_.wait(lock, [&] { return active_ == 0; });
  conns_.clear();
}

}  // namespace rumor::agent
