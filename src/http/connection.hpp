// The server's insides (server.cpp, connection.cpp): the shared state, and one client
// connection, which reads requests, hands each to the handler, writes the answers in
// order, and may turn into a stream. Everything here runs on the server's thread except
// the counters, which have their own lock.
#pragma once

#include <array>
#include <asio.hpp>
#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "http/server.hpp"

namespace rumor::http {

class Connection;
using Clock = std::chrono::steady_clock;

struct Server::Core {
  Core(ServerOptions o, Handler h) : opt(std::move(o)), handler(std::move(h)), acceptor(io) {}

  void accept();
  template <class F>
  void count(F&& fn) {
    std::lock_guard lock(cnt_mu);
    fn(cnt);
  }

  ServerOptions opt;
  Handler handler;
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor;
  std::string addr_text;
  std::uint16_t port = 0;
  std::set<std::shared_ptr<Connection>> conns;  // server thread only
  std::size_t refusing = 0;  // of conns: being answered 503 (not counted against the cap)
  mutable std::mutex cnt_mu;
  ServerCounters cnt;
  std::atomic<bool> stopped{false};
  std::thread thread;
};

class Connection : public std::enable_shared_from_this<Connection>, public Exchange, public Stream {
 public:
  Connection(Server::Core& srv, asio::ip::tcp::socket sock);
  void start();
  // Answers 503 at once (the server is full), then closes as after any
  // "Connection: close" response. It takes no request.
  void refuse();
  // Closes at once. Idempotent.
  void close();

  // Exchange: valid while the handler runs.
  void respond(Response r, bool close = false) override;
  std::shared_ptr<Stream> stream(const StreamOptions& opt, std::string preamble,
                                 std::function<void()> on_closed) override;
  bool admit() override;
  bool head() const override { return head_; }

  // Stream.
  bool push(const std::vector<std::shared_ptr<const std::string>>& frames) override;
  void end() override;

 private:
  struct Out {
    std::shared_ptr<const std::string> data;
    bool frame = false;  // a Stream::push frame (counted when written)
  };

  void read();
  void on_read(const asio::error_code& ec, std::size_t n);
  void process();
  void handle(const Request& req);
  void count_response(int code);
  void enqueue(std::shared_ptr<const std::string> s, bool frame);
  void write_next();
  void on_written(const asio::error_code& ec, const std::vector<Out>& batch);
  void linger();
  void set_deadline(Clock::time_point tp);
  void on_timeout();
  void arm_heartbeat();
  void detach_stream();

  Server::Core& srv_;
  asio::ip::tcp::socket sock_;
  asio::steady_timer timer_, beat_, age_;
  std::array<char, 4096> rbuf_{};
  std::string in_;
  std::deque<Out> out_;
  std::size_t out_bytes_ = 0;
  const Request* req_ = nullptr;  // the request being handled
  bool head_ = false, keep_ = false, answered_ = false;
  bool reading_ = false, writing_ = false, closed_ = false;
  bool busy_ = false;    // a response is being written: the next request waits
  bool idle_ = false;    // between requests (idle_timeout applies)
  bool stream_ = false;  // a stream
  bool close_after_write_ = false, lingering_ = false;
  bool refusing_ = false;  // refuse(): counted in Core::refusing until closed
  StreamOptions sopt_;
  std::function<void()> on_stream_closed_;
};

}  // namespace rumor::http
