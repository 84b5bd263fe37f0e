// The event loop: one thread runs an asio::io_context and is the only thread that
// touches the machine. The OS clock and the OS random source enter here.
//
// After every input (packet, stream, timer, posted call) the runtime re-arms one
// steady_timer at the machine's next_deadline(), then runs the after-input hook (the
// facade uses it to hand out events and wake waiters). Inbound packets go through a
// bounded InboundQueue and are processed in batches, so a flood cannot starve timers.
//
// Threading: the constructor binds sockets on the calling thread; start() spawns the
// loop thread; post()/call() are safe from any thread; stop() from any thread but the
// loop's own.
#pragma once

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <type_traits>

#include "core/effects.hpp"
#include "core/time.hpp"
#include "net/call_error.hpp"
#include "net/clock.hpp"
#include "net/inbound_queue.hpp"
#include "net/machine.hpp"
#include "net/net_stats.hpp"
#include "net/transport.hpp"
#include "net/transport_options.hpp"

namespace rumor::net {

struct RuntimeOptions {
  TransportOptions transport;
  std::size_t inbound_queue_limit = InboundQueue::kDefaultLimit;
  // Packets processed per loop turn before timers and sockets get their turn again.
  std::size_t packets_per_turn = 32;
};

class Runtime final : private TransportSink {
 public:
  explicit Runtime(RuntimeOptions opt);  // binds; see Transport's constructor for errors
  ~Runtime() override;                   // stop()
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  Address advertise() const noexcept { return transport_.advertise(); }
  Address bound() const noexcept { return transport_.bound(); }
  // The effects sink to construct the machine with.
  core::Effects& effects() noexcept { return transport_; }
  // A seed for the machine's RNG from the OS random source.
  static std::uint64_t random_seed();
  core::Time now() const { return clock_.now(); }

  // Runs after every input on the loop thread. Set before start().
  void set_after_input(std::function<void()> hook) { after_input_ = std::move(hook); }

  // Spawns the loop thread; the first thing it does is machine.start(now). The machine
  // must outlive stop().
  void start(Machine& machine);

  // Runs fn(now) on the loop thread as an input: the timer is re-armed afterwards.
  // Returns false (and drops fn) once the runtime is stopping.
  bool post(std::function<void(core::Time)> fn);

  // post() and wait up to `timeout` for fn's result (exceptions propagate). On the loop
  // thread itself, runs fn inline. Throws CallError on timeout or when stopped.
  template <class F>
  auto call(F fn, std::chrono::milliseconds timeout) -> std::invoke_result_t<F&, core::Time>;

  bool on_loop_thread() const noexcept { return std::this_thread::get_id() == loop_id_.load(); }
  bool running() const noexcept { return started_ && !stopping_; }

  // Loop thread only (or via call()).
  NetStats stats() const;

  // Closes the sockets, lets the loop finish and joins it. Idempotent. Throws
  // std::logic_error from the loop thread (it cannot join itself).
  void stop();

 private:
  // TransportSink: inputs arriving from the sockets.
  void packet_received(const Address& from, Bytes packet) override;
  void stream_request(core::StreamId id, const Address& from, ByteView request) override;
  void stream_reply(core::StreamId id, ByteView reply) override;
  void stream_failed(core::StreamId id) override;

  void drain();
  void after_input();
  void follow_deadline();
  void run_loop();

  RuntimeOptions opt_;
  SteadyClock clock_;
  asio::io_context io_;
  Transport transport_;
  asio::steady_timer timer_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
  InboundQueue queue_;
  Machine* machine_ = nullptr;
  std::function<void()> after_input_;

  std::optional<core::Time> armed_;  // deadline the timer is armed for
  std::uint64_t timer_gen_ = 0;
  bool drain_posted_ = false;
  std::uint64_t handler_exceptions_ = 0;

  std::mutex stop_mu_;  // two threads calling stop() must not both join
  std::thread thread_;
  std::atomic<std::thread::id> loop_id_{};
  std::atomic<bool> started_{false}, stopping_{false};
};

template <class F>
auto Runtime::call(F fn, std::chrono::milliseconds timeout)
    -> std::invoke_result_t<F&, core::Time> {
  using R = std::invoke_result_t<F&, core::Time>;
  if (on_loop_thread()) {
    if constexpr (std::is_void_v<R>) {
      fn(now());
      after_input();
      return;
    } else {
      R r = fn(now());
      after_input();
      return r;
    }
  }
  auto promise = std::make_shared<std::promise<R>>();
  auto future = promise->get_future();
  const bool posted = post([promise, fn = std::move(fn)](core::Time t) mutable {
    try {
      if constexpr (std::is_void_v<R>) {
        fn(t);
        promise->set_value();
      } else {
        promise->set_value(fn(t));
      }
    } catch (...) {
      promise->set_exception(std::current_exception());
    }
  });
  if (!posted) throw CallError("rumor::net: the runtime is stopped");
  if (future.wait_for(timeout) != std::future_status::ready)
    throw CallError("rumor::net: the event loop did not answer in time");
  try {
    return future.get();
  } catch (const std::future_error&) {  // dropped unrun: the loop stopped meanwhile
    throw CallError("rumor::net: the runtime is stopped");
  }
}

}  // namespace rumor::net
