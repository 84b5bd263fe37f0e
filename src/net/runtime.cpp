// The event loop; see runtime.hpp.
#include "net/runtime.hpp"

#include <random>

namespace rumor::net {

Runtime::Runtime(RuntimeOptions opt)
    : opt_(std::move(opt)),
      transport_(io_, opt_.transport, clock_),
      timer_(io_),
      queue_(opt_.inbound_queue_limit) {}

Runtime::~Runtime() {
  if (on_loop_thread()) {
    // Destroyed from one of its own callbacks: cannot join; detach so the process
    // does not abort. The loop exits once the sockets are closed.
    transport_.close();
    thread_.detach();
    return;
  }
  stop();
}

std::uint64_t Runtime::random_seed() {
  std::random_device rd;
  return (std::uint64_t{rd()} << 32) ^ std::uint64_t{rd()};
}

void Runtime::start(Machine& machine) {
  if (started_.exchange(true)) throw std::logic_error("rumor::net: runtime started twice");
  machine_ = &machine;
  work_.emplace(io_.get_executor());
  asio::post(io_, [this] {
    transport_.start(*this);
    machine_->start(now());
    after_input();
  });
  thread_ = std::thread([this] { run_loop(); });
}

void Runtime::run_loop() {
  loop_id_ = std::this_thread::get_id();
  for (;;) {
    try {
      io_.run();
      break;
    } catch (...) {
      // A handler threw: a bug in a layer above or in a user callback. Keep the node
      // running rather than take the process down; the counter makes it visible.
      ++handler_exceptions_;
    }
  }
  loop_id_ = std::thread::id{};  // ids are reused: a later thread must not pass for ours
}

bool Runtime::post(std::function<void(core::Time)> fn) {
  if (!started_ || stopping_) return false;
  asio::post(io_, [this, fn = std::move(fn)] {
    if (transport_.closed()) return;
    fn(now());
    after_input();
  });
  return true;
}

void Runtime::stop() {
  if (on_loop_thread()) throw std::logic_error("rumor::net: stop() from the loop thread");
  std::lock_guard lock(stop_mu_);
  if (stopping_.exchange(true)) return;  // an earlier stop() has joined already
  if (!started_) {
    transport_.close();
    return;
  }
  asio::post(io_, [this] {
    transport_.close();
    timer_.cancel();
    work_.reset();  // run() returns once the aborted operations have completed
  });
  if (thread_.joinable()) thread_.join();
}

NetStats Runtime::stats() const {
  NetStats s;
  s.transport = transport_.stats();
  s.queue = queue_.stats();
  s.handler_exceptions = handler_exceptions_;
  return s;
}

// ---- inputs -----------------------------------------------------------------------

void Runtime::packet_received(const Address& from, Bytes packet) {
  queue_.push(from, std::move(packet));
  if (drain_posted_ || queue_.empty()) return;
  drain_posted_ = true;
  asio::post(io_, [this] { drain(); });
}

void Runtime::drain() {
  drain_posted_ = false;
  if (transport_.closed()) return;
  for (std::size_t i = 0; i < opt_.packets_per_turn; ++i) {
    auto p = queue_.pop();
    if (!p) break;
    machine_->on_packet(p->from, p->data, now());
  }
  after_input();
  if (!queue_.empty() && !drain_posted_) {
    drain_posted_ = true;
    asio::post(io_, [this] { drain(); });
  }
}

void Runtime::stream_request(core::StreamId id, const Address& from, ByteView request) {
  machine_->on_stream(id, from, request, now());
  after_input();
}

void Runtime::stream_reply(core::StreamId id, ByteView reply) {
  machine_->on_stream_reply(id, reply, now());
  after_input();
}

void Runtime::stream_failed(core::StreamId id) {
  machine_->on_stream_failed(id, now());
  after_input();
}

// ---- timer ------------------------------------------------------------------------

void Runtime::after_input() {
  follow_deadline();
  if (after_input_) after_input_();
}

void Runtime::follow_deadline() {
  if (transport_.closed()) return;
  const core::Time d = machine_->next_deadline();
  if (armed_ && *armed_ == d) return;
  armed_ = d;
  const std::uint64_t gen = ++timer_gen_;
  if (d == core::kNever) {
    timer_.cancel();
    return;
  }
  timer_.expires_at(clock_.to_steady(d));
  timer_.async_wait([this, gen](const std::error_code& ec) {
    if (ec || gen != timer_gen_ || transport_.closed()) return;
    armed_.reset();
    machine_->on_timeout(now());
    after_input();
  });
}

}  // namespace rumor::net
