// The agent's RPC listener: Serf's IPC protocol on TCP (default 127.0.0.1:7373), one
// thread per client as Serf does, so a blocking join never holds up other clients.
#pragma once

#include <asio.hpp>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "agent/rpc_backend.hpp"

namespace rumor::agent {

class RpcConnection;

class RpcServer {
 public:
  RpcServer(RpcBackend& backend, const std::string& host, std::uint16_t port);
  ~RpcServer();
  RpcServer(const RpcServer&) = delete;
  RpcServer& operator=(const RpcServer&) = delete;

  std::uint16_t port() const { return port_; }
  // Closes the listener and every client; joins their threads. Idempotent.
  void stop();

 private:
  void accept_loop();

  RpcBackend& backend_;
  asio::io_context io_;
  asio::ip::tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::condition_variable idle_;
  std::vector<std::weak_ptr<RpcConnection>> conns_;  // to close them on stop
  std::size_t active_ = 0;                           // client threads still running
  std::thread accept_thread_;
};

}  // namespace rumor::agent
