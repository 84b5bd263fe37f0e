// One TCP connection carrying one memberlist stream operation: the shared machinery
// (read until frame_stream says complete, write all, a deadline that closes the socket)
// and the two roles, outbound (we dialled) and inbound (we accepted).
#pragma once

#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "codec/bytes.hpp"
#include "codec/ip.hpp"
#include "core/effects.hpp"
#include "net/clock.hpp"

namespace rumor::net {

class Transport;

class StreamConn : public std::enable_shared_from_this<StreamConn> {
 public:
  StreamConn(Transport& t, asio::ip::tcp::socket socket);
  virtual ~StreamConn() = default;
  StreamConn(const StreamConn&) = delete;
  StreamConn& operator=(const StreamConn&) = delete;

  // Cancels the deadline and closes the socket; pending operations then fail. Idempotent.
  void close();
  void set_serial(std::uint64_t s) noexcept { serial_ = s; }

 protected:
  // The message, or nullopt on error / timeout / bytes that cannot be a message.
  using ReadDone = std::function<void(std::optional<ByteView>)>;
  void set_deadline(SteadyClock::time_point at);
  void read_message(ReadDone done);
  void write_all(Bytes data, std::function<void(bool ok)> done);
  // Close and drop the transport's reference; the last handler holding us frees us.
  void finish();
  void count_failure(const std::error_code& ec, bool connecting = false);

  Transport& t_;
  asio::ip::tcp::socket socket_;

 private:
  void read_more(ReadDone done);

  asio::steady_timer timer_;
  std::uint64_t serial_ = 0;
  bool timed_out_ = false;
  bool closed_ = false;
  Bytes buf_;
  std::size_t filled_ = 0;
  std::size_t need_ = 1;  // don't re-frame before this many bytes are here
};

// We dialled: connect, write the request, maybe read one reply. Reports exactly one of
// stream_reply / stream_failed when a reply is expected, nothing otherwise.
class OutboundStream final : public StreamConn {
 public:
  OutboundStream(Transport& t, core::StreamId id, bool expect_reply);
  void run(const Address& to, Bytes request, SteadyClock::time_point deadline);

 private:
  void fail();
  core::StreamId id_;
  bool expect_reply_;
};

// We accepted: read one request, hand it to the machine, write its reply if any, close.
class InboundStream final : public StreamConn {
 public:
  InboundStream(Transport& t, asio::ip::tcp::socket socket, core::StreamId id, Address from);
  void run();
  void set_reply(ByteView reply) { reply_.emplace(reply.begin(), reply.end()); }

 private:
  void done();
  core::StreamId id_;
  Address from_;
  std::optional<Bytes> reply_;
};

}  // namespace rumor::net
