#include "core/broadcast_queue.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

using namespace rumor;
using namespace rumor::core;

namespace {
Bytes msg(std::size_t n, std::uint8_t tag) {
  return Bytes(n, tag);
}
}  // namespace

TEST(BroadcastQueue, LeastTransmittedGoesFirst) {
  BroadcastQueue q;
  q.push(msg(10, 1));
  std::vector<Bytes> out;
  q.take(2, 12, 10, out);  // room for exactly one: sends #1 once
  q.push(msg(10, 2));
  out.clear();
  q.take(2, 12, 10, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0][0], 2);
}

TEST(BroadcastQueue, NewerNewsAboutAMemberReplacesOlder) {
  BroadcastQueue q;
  q.push(msg(5, 1), "node-a");
  q.push(msg(5, 2), "node-a");
  q.push(msg(5, 3), "node-b");
  EXPECT_EQ(q.size(), 2u);
  std::vector<Bytes> out;
  q.take(0, 100, 10, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE((out[0][0] == 2 && out[1][0] == 3) || (out[0][0] == 3 && out[1][0] == 2));
}

TEST(BroadcastQueue, PruneKeepsTheLeastTransmittedThenTheNewest) {
  BroadcastQueue q;
  q.push(msg(5, 1));
  q.push(msg(5, 2));
  std::vector<Bytes> out;
  q.take(0, 5, 10, out);  // room for one: the newest, #2, goes once
  q.push(msg(5, 3));
  q.push(msg(5, 4));
  EXPECT_EQ(q.prune(2), 2u);  // #2 was sent once and #1 is the oldest unsent
  out.clear();
  q.take(0, 100, 10, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0][0], 4);
  EXPECT_EQ(out[1][0], 3);
  EXPECT_EQ(q.prune(5), 0u);
}

TEST(BroadcastQueue, MessagesAreDroppedAfterTheRetransmitLimit) {
  BroadcastQueue q;
  const auto id = q.push(msg(5, 1));
  std::vector<Bytes> out;
  for (int i = 0; i < 3; ++i) q.take(0, 100, 3, out);
  EXPECT_EQ(out.size(), 3u);
  EXPECT_FALSE(q.contains(id));
  out.clear();
  q.take(0, 100, 3, out);
  EXPECT_TRUE(out.empty());
}

RC_GTEST_PROP(BroadcastQueue, TakeNeverExceedsTheByteLimit,
              (std::vector<std::uint8_t> sizes, std::uint8_t limit, std::uint8_t overhead)) {
  BroadcastQueue q;
  for (auto s : sizes) q.push(msg(s, 0));
  std::vector<Bytes> out;
  const std::size_t used = q.take(overhead % 4, limit, 5, out);
  std::size_t sum = 0;
  for (const auto& m : out) sum += m.size() + overhead % 4;
  RC_ASSERT(sum == used);
  RC_ASSERT(used <= limit);
}

RC_GTEST_PROP(BroadcastQueue, EveryMessageIsSentExactlyRetransmitLimitTimes,
              (std::vector<std::uint8_t> sizes)) {
  BroadcastQueue q;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    Bytes m = msg(std::size_t{sizes[i]} % 50 + 4, 0);
    m[0] = static_cast<std::uint8_t>(i);
    m[1] = static_cast<std::uint8_t>(i >> 8);
    q.push(std::move(m));
  }
  std::map<int, int> sent;
  for (int round = 0; round < 10000 && !q.empty(); ++round) {
    std::vector<Bytes> out;
    q.take(2, 200, 4, out);
    for (const auto& m : out) ++sent[m[0] | (m[1] << 8)];
  }
  RC_ASSERT(q.empty());
  RC_ASSERT(sent.size() == sizes.size());
  for (auto [k, n] : sent) RC_ASSERT(n == 4);
}
