// Push/pull bodies and stream user messages: layout, limits checked before allocating,
// and tolerance of what memberlist tolerates.
#include <gtest/gtest.h>

#include "codec/messages.hpp"
#include "codec/msgpack.hpp"
#include "codec/packet.hpp"
#include "test_support.hpp"

namespace rumor::codec::test {
namespace {

// [header map] only, as the body after [6].
Bytes header_body(std::int64_t nodes, std::int64_t user_state_len) {
  Bytes out;
  msgpack::Writer w(out);
  w.write_map_header(3);
  w.write_string("Join");
  w.write_bool(false);
  w.write_string("Nodes");
  w.write_int(nodes);
  w.write_string("UserStateLen");
  w.write_int(user_state_len);
  return out;
}

PushNodeState node(std::string name) {
  return PushNodeState{.name = std::move(name),
                       .addr = Ip::v4(127, 0, 0, 1),
                       .port = 7946,
                       .meta = {0xff, 0x80},
                       .incarnation = 3,
                       .state = WireState::suspect,
                       .vsn = {1, 5, 2, 2, 5, 4}};
}

TEST(PushPull, UserStateFollowsTheNodeMapsAsBareBytes) {
  PushPull pp{.join = false, .nodes = {node("a")}, .user_state = {0x02, 0x80}};
  const Bytes out = encoded(pp);
  ASSERT_GE(out.size(), 2u);
  EXPECT_EQ(out[out.size() - 2], 0x02);
  EXPECT_EQ(out[out.size() - 1], 0x80);
  auto back = decode_push_pull(body_of(out));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, pp);
}

TEST(PushPull, NodeStateKeysAreSortedAndStateIsAGoInt) {
  const Bytes out = encoded(PushPull{.join = false, .nodes = {node("a")}, .user_state = {}});
  const Bytes state =
      hex("87 a4 41646472 a4 7f000001 ab 496e6361726e6174696f6e 03 a4 4d657461 a2 ff80"
          " a4 4e616d65 a1 61 a4 506f7274 cd 1f0a a5 5374617465 01 a3 56736e a6 010502020504");
  const Bytes header = hex("06 83 a4 4a6f696e c2 a5 4e6f646573 01 ac 5573657253746174654c656e 00");
  EXPECT_EQ(to_hex(out), to_hex(header) + to_hex(state));
}

TEST(PushPull, NegativeCountsAreBadValue) {
  EXPECT_EQ(decode_push_pull(header_body(-1, 0)).error(), Error::bad_value);
  EXPECT_EQ(decode_push_pull(header_body(0, -1)).error(), Error::bad_value);
}

TEST(PushPull, CountsBeyondTheStreamLimitAreTooLarge) {
  const auto max = static_cast<std::int64_t>(kMaxStreamBytes);
  EXPECT_EQ(decode_push_pull(header_body(max + 1, 0)).error(), Error::too_large);
  EXPECT_EQ(decode_push_pull(header_body(0, max + 1)).error(), Error::too_large);
  EXPECT_EQ(decode_push_pull(header_body(max, 1)).error(), Error::too_large);
  EXPECT_EQ(decode_push_pull(header_body(std::numeric_limits<std::int64_t>::max(), 0)).error(),
            Error::too_large);
}

TEST(PushPull, CountsLargerThanTheBytesPresentAreTruncatedBeforeAllocating) {
  // A million nodes announced in a 40-byte body: refused without reserving a million slots.
  EXPECT_EQ(decode_push_pull(header_body(1000000, 0)).error(), Error::truncated);
  EXPECT_EQ(decode_push_pull(header_body(0, 1000)).error(), Error::truncated);
}

TEST(PushPull, AShortUserStateIsTruncated) {
  Bytes body = header_body(0, 3);
  body.push_back(1);
  body.push_back(2);
  EXPECT_EQ(decode_push_pull(body).error(), Error::truncated);
  body.push_back(3);
  auto ok = decode_push_pull(body);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->user_state, (Bytes{1, 2, 3}));
}

TEST(PushPull, BytesAfterTheUserStateAreIgnoredAsMemberlistDoes) {
  Bytes body = header_body(0, 1);
  body.push_back(9);
  body.push_back(0xee);
  auto pp = decode_push_pull(body);
  ASSERT_TRUE(pp.ok());
  EXPECT_EQ(pp->user_state, (Bytes{9}));
}

TEST(PushPull, UnknownNodeStatesArePassedThroughForTheCoreToIgnore) {
  Bytes body = header_body(1, 0);
  const Bytes state = hex("82 a4 4e616d65 a1 78 a5 5374617465 07");
  body.insert(body.end(), state.begin(), state.end());
  auto pp = decode_push_pull(body);
  ASSERT_TRUE(pp.ok());
  ASSERT_EQ(pp->nodes.size(), 1u);
  EXPECT_EQ(static_cast<int>(pp->nodes[0].state), 7);
  EXPECT_EQ(pp->nodes[0].name, "x");
}

TEST(PushPull, AStateThatIsNotAByteIsBadValue) {
  Bytes body = header_body(1, 0);
  const Bytes state = hex("81 a5 5374617465 cd 0100");
  body.insert(body.end(), state.begin(), state.end());
  EXPECT_EQ(decode_push_pull(body).error(), Error::bad_value);
}

TEST(PushPull, StreamUserMessageLimitsAreChecked) {
  auto body = [](std::int64_t len) {
    Bytes out;
    msgpack::Writer w(out);
    w.write_map_header(1);
    w.write_string("UserMsgLen");
    w.write_int(len);
    return out;
  };
  EXPECT_EQ(decode_user_stream(body(-1)).error(), Error::bad_value);
  EXPECT_EQ(decode_user_stream(body(static_cast<std::int64_t>(kMaxStreamBytes) + 1)).error(),
            Error::too_large);
  EXPECT_EQ(decode_user_stream(body(5)).error(), Error::truncated);
  auto empty = decode_user_stream(body(0));
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

}  // namespace
}  // namespace rumor::codec::test
