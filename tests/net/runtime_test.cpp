// The event loop drives any machine with core::Node's input shape, follows its
// deadline, and answers calls from other threads.
#include "net/runtime.hpp"

#include <gtest/gtest.h>

#include <atomic>

#include "net_test_util.hpp"

namespace rumor::net {
namespace {

using namespace std::chrono_literals;

// A machine that asks to be woken every 20 ms and counts what it saw.
struct Ticker {
  core::Time next = core::kNever;
  int started = 0, timeouts = 0, packets = 0;
  void start(core::Time now) {
    ++started;
    next = now + 20ms;
  }
  void on_packet(const Address&, ByteView, core::Time) { ++packets; }
  void on_stream(core::StreamId, const Address&, ByteView, core::Time) {}
  void on_stream_reply(core::StreamId, ByteView, core::Time) {}
  void on_stream_failed(core::StreamId, core::Time) {}
  core::Time next_deadline() const { return next; }
  void on_timeout(core::Time now) {
    if (now < next) return;
    ++timeouts;
    next = now + 20ms;
  }
};

RuntimeOptions loopback() {
  RuntimeOptions o;
  o.transport.bind_host = "127.0.0.1";
  o.transport.bind_port = 0;
  return o;
}

TEST(Runtime, DrivesAnyMachineAndFollowsItsDeadline) {
  Ticker t;
  MachineRef<Ticker> m(t);
  Runtime rt(loopback());
  rt.start(m);
  EXPECT_TRUE(
      testing::eventually([&] { return rt.call([&](core::Time) { return t.timeouts; }, 1s) >= 5; },
                          2s, "five timeouts of a 20 ms machine"));
  EXPECT_EQ(rt.call([&](core::Time) { return t.started; }, 1s), 1);
  rt.stop();
}

TEST(Runtime, CallsRunOnTheLoopThread) {
  Ticker t;
  MachineRef<Ticker> m(t);
  Runtime rt(loopback());
  rt.start(m);
  EXPECT_FALSE(rt.on_loop_thread());
  EXPECT_TRUE(rt.call([&](core::Time) { return rt.on_loop_thread(); }, 1s));
  // Nested from the loop thread: runs inline instead of deadlocking.
  EXPECT_EQ(rt.call([&](core::Time) { return rt.call([](core::Time) { return 7; }, 1s); }, 1s), 7);
  EXPECT_THROW(rt.call([](core::Time) -> int { throw std::runtime_error("boom"); }, 1s),
               std::runtime_error);
  rt.stop();
  EXPECT_THROW(rt.call([](core::Time) { return 0; }, 1s), CallError);
}

TEST(Runtime, PortZeroBindsUdpAndTcpToTheSamePort) {
  Runtime rt(loopback());
  EXPECT_NE(rt.bound().port, 0);
  EXPECT_EQ(rt.advertise(), rt.bound());
}

}  // namespace
}  // namespace rumor::net
