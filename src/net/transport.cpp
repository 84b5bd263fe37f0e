// UDP + TCP transport; see transport.hpp.
#include "net/transport.hpp"

#include <stdexcept>
#include <system_error>

#include "net/endpoint.hpp"
#include "net/stream_conn.hpp"

namespace rumor::net {

namespace {
// Datagrams pulled straight off the socket after each completion, before going back
// through the reactor: a burst lands in the inbound queue (where the alive preference
// can act) instead of overflowing the kernel buffer, where nothing chooses.
constexpr int kReceiveBurst = 64;
// Binding port 0 picks a free TCP port; UDP may already be taken there. memberlist
// retries the same way.
constexpr int kBindAttempts = 10;
constexpr int kUdpReceiveBuffer = 2 << 20;  // memberlist's udpRecvBuf
}  // namespace

Transport::Transport(asio::io_context& io, const TransportOptions& opt, const SteadyClock& clock)
    : io_(io), opt_(opt), clock_(clock), udp_(io), acceptor_(io) {
  if (opt_.inject_inbound_loss > 0) loss_rng_.seed(std::random_device{}());
  bind();
}

Transport::~Transport() {
  close();
}

void Transport::bind() {
  asio::error_code ec;
  const auto addr = asio::ip::make_address(opt_.bind_host, ec);
  if (ec) throw std::invalid_argument("rumor::net: bad bind address '" + opt_.bind_host + "'");

  const int attempts = opt_.bind_port == 0 ? kBindAttempts : 1;
  for (int i = 0; i < attempts; ++i) {
    const asio::ip::tcp::endpoint tcp_ep(addr, opt_.bind_port);
    acceptor_.open(tcp_ep.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(tcp_ep);  // throws std::system_error
    acceptor_.listen();
    const std::uint16_t port = acceptor_.local_endpoint().port();

    const asio::ip::udp::endpoint udp_ep(addr, port);
    udp_.open(udp_ep.protocol());
    udp_.bind(udp_ep, ec);
    if (!ec) {
      bound_ = Address{to_ip(addr), port};
      break;
    }
    udp_.close();
    acceptor_.close();
    if (i + 1 == attempts)
      throw std::system_error(ec, "rumor::net: bind UDP " + udp_ep.address().to_string());
  }
  udp_.non_blocking(true);  // for the burst reads and for sends that must never stall the loop
  udp_.set_option(asio::socket_base::receive_buffer_size(kUdpReceiveBuffer), ec);  // best effort

  const std::string& host = opt_.advertise_host.empty() ? opt_.bind_host : opt_.advertise_host;
  const auto adv = asio::ip::make_address(host, ec);
  if (ec) throw std::invalid_argument("rumor::net: bad advertise address '" + host + "'");
  if (adv.is_unspecified())
    throw std::invalid_argument(
        "rumor::net: bound to an unspecified address; set an advertise address peers can reach");
  advertise_ = Address{to_ip(adv), opt_.advertise_port ? opt_.advertise_port : bound_.port};
}

void Transport::start(TransportSink& sink) {
  sink_ = &sink;
  receive();
  accept();
}

void Transport::close() {
  if (closed_) return;
  closed_ = true;
  asio::error_code ignored;
  udp_.close(ignored);
  acceptor_.close(ignored);
  auto streams =
      std::move(streams_);  // close() calls forget(), which must not invalidate this loop
  streams_.clear();
  for (auto& [serial, s] : streams) s->close();
  inbound_.clear();
}

// ---- packets ----------------------------------------------------------------------

void Transport::receive() {
  udp_.async_receive_from(
      asio::buffer(rbuf_), rfrom_, [this](const std::error_code& ec, std::size_t n) {
        if (closed_) return;
        if (ec) {
          if (ec != asio::error::operation_aborted) ++stats_.receive_errors;
          receive();
          return;
        }
        deliver(n);
        for (int i = 0; i < kReceiveBurst && !closed_; ++i) {
          std::error_code again;
          const std::size_t m = udp_.receive_from(asio::buffer(rbuf_), rfrom_, 0, again);
          if (again) break;  // would_block: the socket is drained
          deliver(m);
        }
        if (!closed_) receive();
      });
}

void Transport::deliver(std::size_t n) {
  if (n == 0) {
    ++stats_.empty_packets;
    return;
  }
  if (opt_.inject_inbound_loss > 0 &&
      std::uniform_real_distribution<double>(0, 1)(loss_rng_) < opt_.inject_inbound_loss) {
    ++stats_.injected_drops;
    return;
  }
  ++stats_.packets_received;
  stats_.packet_bytes_received += n;
  if (sink_)
    sink_->packet_received(to_address(rfrom_),
                           Bytes(rbuf_.begin(), rbuf_.begin() + static_cast<std::ptrdiff_t>(n)));
}

void Transport::send_packet(const Address& to, ByteView packet) {
  if (closed_) return;
  std::error_code ec;
  udp_.send_to(asio::buffer(packet.data(), packet.size()), udp_endpoint(to), 0, ec);
  if (ec) {
    ++stats_.send_errors;  // UDP is best effort; the protocol copes with loss
    return;
  }
  ++stats_.packets_sent;
  stats_.packet_bytes_sent += packet.size();
}

// ---- streams ----------------------------------------------------------------------

std::uint64_t Transport::remember(std::shared_ptr<StreamConn> s) {
  const std::uint64_t serial = next_serial_++;
  s->set_serial(serial);
  streams_.emplace(serial, std::move(s));
  return serial;
}

void Transport::forget(std::uint64_t serial) {
  streams_.erase(serial);
}

void Transport::open_stream(core::StreamId id, const Address& to, ByteView request,
                            bool expect_reply, core::Time deadline) {
  ++stats_.streams_opened;
  if (closed_) {
    // Still report, later and from the loop, so the machine's stream state is released.
    if (expect_reply)
      asio::post(io_, [this, id] {
        if (sink_) sink_->stream_failed(id);
      });
    return;
  }
  auto s = std::make_shared<OutboundStream>(*this, id, expect_reply);
  remember(s);
  s->run(to, Bytes(request.begin(), request.end()), clock_.to_steady(deadline));
}

void Transport::reply_stream(core::StreamId id, ByteView reply) {
  auto it = inbound_.find(id);
  if (it == inbound_.end()) return;
  if (auto s = it->second.lock()) s->set_reply(reply);
}

void Transport::accept() {
  acceptor_.async_accept([this](const std::error_code& ec, asio::ip::tcp::socket socket) {
    if (closed_) return;
    if (ec) {
      if (ec != asio::error::operation_aborted) ++stats_.stream_io_errors;
      accept();
      return;
    }
    ++stats_.streams_accepted;
    std::error_code peer_ec;
    const auto peer = socket.remote_endpoint(peer_ec);
    if (peer_ec || inbound_.size() >= opt_.max_inbound_streams) {
      ++stats_.stream_io_errors;
      socket.close(peer_ec);
    } else {
      const core::StreamId id = next_inbound_id_++;
      const Address from = to_address(peer);
      if (opt_.debug_log) opt_.debug_log("Stream connection from=" + from.to_string());
      auto s = std::make_shared<InboundStream>(*this, std::move(socket), id, from);
      inbound_.emplace(id, s);
      remember(s);
      s->run();
    }
    accept();
  });
}

}  // namespace rumor::net
