// One RPC client: reads requests (header + body, msgpack values with no framing of
// their own) and answers them; event streams, log monitors and query results are
// written from other threads, so every write holds the connection's write lock.
#pragma once

#include <asio.hpp>
#include <atomic>
#include <map>
#include <mutex>

#include "agent/rpc_backend.hpp"

namespace rumor::agent {

class RpcConnection : public std::enable_shared_from_this<RpcConnection> {
 public:
  RpcConnection(RpcBackend& backend, asio::ip::tcp::socket socket);
  ~RpcConnection();
  // Serves requests until the client closes, an error, or close().
  void run();
  void close();

 private:
  enum class Parse { ok, need_more, bad };
  Parse handle_one(const Bytes& buf, std::size_t& consumed);
  template <class Body>
  void send(std::uint64_t seq, const std::string& error, Body&& body);
  void send_header(std::uint64_t seq, const std::string& error);
  void write(const Bytes& bytes);
  void cleanup();

  RpcBackend& backend_;
  asio::ip::tcp::socket socket_;
  std::mutex write_mu_;
  std::atomic<bool> closed_{false};
  std::int32_t version_ = 0;
  bool did_auth_ = false;
  std::map<std::uint64_t, std::uint64_t> streams_;  // request seq -> backend token
  std::uint64_t monitor_seq_ = 0, monitor_token_ = 0;
  bool leaving_ = false;
};

}  // namespace rumor::agent
