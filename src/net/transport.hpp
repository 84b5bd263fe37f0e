// UDP and TCP on one port: the runtime's side of core::Effects.
//
// Packets go out as single datagrams; streams are one TCP connection per operation, as
// memberlist does it: the dialer writes one request and, when a reply is expected,
// reads one reply message; the acceptor reads one request, hands it to the machine and
// writes the reply the machine produced, if any. Messages carry no length prefix, so
// reads end when codec::frame_stream says a whole message has arrived.
//
// Everything here runs on the loop thread. Effects never call back into the machine
// synchronously: every result arrives later, from an Asio completion handler, through
// the TransportSink.
#pragma once

#include <array>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ip/udp.hpp>
#include <cstdint>
#include <memory>
#include <random>
#include <unordered_map>

#include "codec/bytes.hpp"
#include "codec/ip.hpp"
#include "core/effects.hpp"
#include "net/clock.hpp"
#include "net/net_stats.hpp"
#include "net/transport_options.hpp"

namespace rumor::net {

// Where the transport delivers what arrives. Implemented by the runtime.
class TransportSink {
 public:
  virtual ~TransportSink() = default;
  virtual void packet_received(const Address& from, Bytes packet) = 0;
  // One complete inbound request; the machine may call Transport::reply_stream(id) while
  // handling it. `request` is valid only during the call.
  virtual void stream_request(core::StreamId id, const Address& from, ByteView request) = 0;
  virtual void stream_reply(core::StreamId id, ByteView reply) = 0;
  virtual void stream_failed(core::StreamId id) = 0;
};

class StreamConn;
class InboundStream;

class Transport final : public core::Effects {
 public:
  // Binds UDP and TCP now (so the advertised port is known before the loop runs).
  // Throws std::system_error when binding fails and std::invalid_argument for an
  // address that cannot be parsed or advertised.
  Transport(asio::io_context& io, const TransportOptions& opt, const SteadyClock& clock);
  ~Transport() override;
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  Address bound() const noexcept { return bound_; }
  Address advertise() const noexcept { return advertise_; }

  // Loop thread only from here on.
  void start(TransportSink& sink);  // begin receiving packets and accepting streams
  void close();                     // close sockets and every stream; idempotent
  bool closed() const noexcept { return closed_; }
  const TransportStats& stats() const noexcept { return stats_; }

  void send_packet(const Address& to, ByteView packet) override;
  void open_stream(core::StreamId id, const Address& to, ByteView request, bool expect_reply,
                   core::Time deadline) override;
  void reply_stream(core::StreamId id, ByteView reply) override;

  // For the stream connections.
  asio::io_context& io() noexcept { return io_; }
  TransportSink* sink() noexcept { return closed_ ? nullptr : sink_; }
  TransportStats& mutable_stats() noexcept { return stats_; }
  const TransportOptions& options() const noexcept { return opt_; }
  const SteadyClock& clock() const noexcept { return clock_; }
  void forget(std::uint64_t serial);
  void forget_inbound(core::StreamId id) { inbound_.erase(id); }

 private:
  void bind();
  void receive();
  void deliver(std::size_t n);
  void accept();
  std::uint64_t remember(std::shared_ptr<StreamConn> s);

  asio::io_context& io_;
  TransportOptions opt_;
  const SteadyClock& clock_;
  asio::ip::udp::socket udp_;
  asio::ip::tcp::acceptor acceptor_;
  Address bound_, advertise_;
  TransportSink* sink_ = nullptr;
  bool closed_ = false;

  std::array<std::uint8_t, 65536> rbuf_{};  // one datagram at a time
  std::mt19937_64 loss_rng_;                // inject_inbound_loss only
  asio::ip::udp::endpoint rfrom_;

  std::uint64_t next_serial_ = 1;
  core::StreamId next_inbound_id_ = 1;
  std::unordered_map<std::uint64_t, std::shared_ptr<StreamConn>> streams_;  // by serial
  std::unordered_map<core::StreamId, std::weak_ptr<InboundStream>> inbound_;
  TransportStats stats_;
};

}  // namespace rumor::net
