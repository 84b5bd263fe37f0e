// The agenda's ordering rules: time first, then scheduling order.
#include "sim/event_queue.hpp"

#include <gtest/gtest.h>

#include "core/rng.hpp"

namespace rumor::sim {
namespace {

using namespace std::chrono_literals;

TEST(EventQueue, PopsEventsInTimeOrder) {
  EventQueue q;
  q.push(core::Time(30), EventKind::timer, 3, 0);
  q.push(core::Time(10), EventKind::timer, 1, 0);
  q.push(core::Time(20), EventKind::timer, 2, 0);
  EXPECT_EQ(q.pop().node, 1u);
  EXPECT_EQ(q.pop().node, 2u);
  EXPECT_EQ(q.pop().node, 3u);
  EXPECT_TRUE(q.empty());
}

TEST(EventQueue, SimultaneousEventsRunInSchedulingOrder) {
  EventQueue q;
  for (std::uint32_t i = 0; i < 100; ++i) q.push(core::Time(5), EventKind::packet, i, i);
  for (std::uint32_t i = 0; i < 100; ++i) {
    const Event e = q.pop();
    EXPECT_EQ(e.node, i);
    EXPECT_EQ(e.kind(), EventKind::packet);
  }
}

TEST(EventQueue, RandomPushesComeOutSortedByTimeThenSequence) {
  core::Rng rng(7);
  EventQueue q;
  for (std::uint32_t i = 0; i < 10000; ++i)
    q.push(core::Time(static_cast<std::int64_t>(rng.below(500))), EventKind::action, i, 0);
  Event prev = q.pop();
  while (!q.empty()) {
    const Event e = q.pop();
    ASSERT_TRUE(prev.at < e.at || (prev.at == e.at && prev.seq() < e.seq()));
    prev = e;
  }
}

TEST(EventQueue, KindAndArgumentSurviveTheHeap) {
  EventQueue q;
  q.push(core::Time(1), EventKind::stream_deadline, 9, 0xdeadbeef);
  const Event e = q.pop();
  EXPECT_EQ(e.kind(), EventKind::stream_deadline);
  EXPECT_EQ(e.arg, 0xdeadbeefu);
  EXPECT_EQ(e.node, 9u);
}

}  // namespace
}  // namespace rumor::sim
