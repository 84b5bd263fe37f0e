// TCP stream connections; see stream_conn.hpp.
#include "net/stream_conn.hpp"

#include <algorithm>
#include <asio/connect.hpp>
#include <asio/write.hpp>

#include "codec/stream_frame.hpp"
#include "net/endpoint.hpp"
#include "net/transport.hpp"

namespace rumor::net {

namespace {
constexpr std::size_t kReadChunk = 16 * 1024;
}  // namespace

StreamConn::StreamConn(Transport& t, asio::ip::tcp::socket socket)
    : t_(t), socket_(std::move(socket)), timer_(t.io()) {}

void StreamConn::close() {
  if (closed_) return;
  closed_ = true;
  timer_.cancel();
  std::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

void StreamConn::finish() {
  close();
  t_.forget(serial_);
}

void StreamConn::set_deadline(SteadyClock::time_point at) {
  timer_.expires_at(at);
  timer_.async_wait([self = shared_from_this()](const std::error_code& ec) {
    if (ec || self->closed_) return;
    self->timed_out_ = true;
    std::error_code ignored;
    self->socket_.close(ignored);  // pending connect/read/write complete with an error
  });
}

void StreamConn::count_failure(const std::error_code& ec, bool connecting) {
  auto& s = t_.mutable_stats();
  if (timed_out_)
    ++s.stream_timeouts;
  else if (ec == asio::error::operation_aborted || t_.closed())
    return;  // we closed it ourselves (shutdown)
  else if (connecting)
    ++s.stream_connect_failures;
  else
    ++s.stream_io_errors;
}

void StreamConn::read_message(ReadDone done) {
  buf_.clear();
  filled_ = 0;
  need_ = 1;
  read_more(std::move(done));
}

void StreamConn::read_more(ReadDone done) {
  const std::size_t cap =
      t_.options().max_stream_bytes + 1;  // one past: lets framing see "too large"
  std::size_t want = std::max(kReadChunk, need_ > filled_ ? need_ - filled_ : 0);
  want = std::min(want, cap - std::min(cap, filled_));
  if (want == 0) {
    ++t_.mutable_stats().stream_frame_errors;
    done(std::nullopt);
    return;
  }
  buf_.resize(filled_ + want);
  socket_.async_read_some(asio::buffer(buf_.data() + filled_, want),
                          [self = shared_from_this(), done = std::move(done)](
                              const std::error_code& ec, std::size_t n) mutable {
                            if (ec) {
                              self->count_failure(ec);
                              done(std::nullopt);
                              return;
                            }
                            self->filled_ += n;
                            self->t_.mutable_stats().stream_bytes_received += n;
                            if (self->filled_ < self->need_) {
                              self->read_more(std::move(done));
                              return;
                            }
                            const ByteView got(self->buf_.data(), self->filled_);
                            const auto f =
                                codec::frame_stream(got, self->t_.options().max_stream_bytes);
                            switch (f.status) {
                              case codec::FrameStatus::complete:
                                done(got.first(f.length));
                                return;
                              case codec::FrameStatus::invalid:
                                ++self->t_.mutable_stats().stream_frame_errors;
                                done(std::nullopt);
                                return;
                              case codec::FrameStatus::incomplete:
                                self->need_ = f.at_least;
                                self->read_more(std::move(done));
                                return;
                            }
                          });
}

void StreamConn::write_all(Bytes data, std::function<void(bool)> done) {
  auto owned = std::make_shared<Bytes>(std::move(data));
  asio::async_write(socket_, asio::buffer(*owned),
                    [self = shared_from_this(), owned, done = std::move(done)](
                        const std::error_code& ec, std::size_t n) {
                      self->t_.mutable_stats().stream_bytes_sent += n;
                      if (ec) self->count_failure(ec);
                      done(!ec);
                    });
}

// ---- outbound ---------------------------------------------------------------------

OutboundStream::OutboundStream(Transport& t, core::StreamId id, bool expect_reply)
    : StreamConn(t, asio::ip::tcp::socket(t.io())), id_(id), expect_reply_(expect_reply) {}

void OutboundStream::run(const Address& to, Bytes request, SteadyClock::time_point deadline) {
  set_deadline(deadline);
  auto self = std::static_pointer_cast<OutboundStream>(shared_from_this());
  socket_.async_connect(tcp_endpoint(to),
                        [self, request = std::move(request)](const std::error_code& ec) mutable {
                          if (ec) {
                            self->count_failure(ec, /*connecting=*/true);
                            self->fail();
                            return;
                          }
                          self->write_all(std::move(request), [self](bool ok) {
                            if (!ok) return self->fail();
                            if (!self->expect_reply_) return self->finish();
                            self->read_message([self](std::optional<ByteView> reply) {
                              if (!reply) return self->fail();
                              if (auto* sink = self->t_.sink())
                                sink->stream_reply(self->id_, *reply);
                              self->finish();
                            });
                          });
                        });
}

void OutboundStream::fail() {
  if (expect_reply_) {
    expect_reply_ = false;  // report once
    if (auto* sink = t_.sink()) sink->stream_failed(id_);
  }
  finish();
}

// ---- inbound ----------------------------------------------------------------------

InboundStream::InboundStream(Transport& t, asio::ip::tcp::socket socket, core::StreamId id,
                             Address from)
    : StreamConn(t, std::move(socket)), id_(id), from_(from) {}

void InboundStream::run() {
  set_deadline(t_.clock().to_steady(t_.clock().now() + t_.options().tcp_timeout));
  auto self = std::static_pointer_cast<InboundStream>(shared_from_this());
  read_message([self](std::optional<ByteView> request) {
    auto* sink = self->t_.sink();
    if (!request || !sink) return self->done();
    sink->stream_request(self->id_, self->from_, *request);
    // Only a reply given during stream_request counts (core::Effects::reply_stream).
    self->t_.forget_inbound(self->id_);
    if (!self->reply_) return self->done();
    self->write_all(std::move(*self->reply_), [self](bool) { self->done(); });
  });
}

}  // namespace rumor::net

namespace rumor::net {
void InboundStream::done() {
  t_.forget_inbound(id_);
  finish();
}
}  // namespace rumor::net
