// codec::frame_stream: where a memberlist stream message ends, found from the bytes
// received so far, including when they arrive one at a time.
#include "codec/stream_frame.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>

#include "codec/label.hpp"
#include "codec/messages.hpp"
#include "codec/msgpack.hpp"
#include "codec/packet.hpp"

namespace rumor::codec {
namespace {

PushPull sample_push_pull(std::size_t nodes, std::size_t user_state) {
  PushPull p;
  p.join = true;
  for (std::size_t i = 0; i < nodes; ++i) {
    PushNodeState n;
    n.name = "node-" + std::to_string(i);
    n.addr = Ip::v4(10, 0, 0, static_cast<std::uint8_t>(i));
    n.port = 7946;
    n.incarnation = static_cast<std::uint32_t>(i + 1);
    n.vsn = {1, 5, 2, 0, 0, 0};
    p.nodes.push_back(n);
  }
  p.user_state.assign(user_state, 0xab);
  return p;
}

Bytes push_pull_bytes(std::size_t nodes, std::size_t user_state) {
  Bytes out;
  encode(sample_push_pull(nodes, user_state), out);
  return out;
}

// Feeds `msg` one byte at a time: every proper prefix must ask for more (with a bound
// that never overshoots the real length), and the whole message must be complete.
void expect_frames_byte_by_byte(const Bytes& msg) {
  for (std::size_t n = 0; n < msg.size(); ++n) {
    const auto f = frame_stream(ByteView(msg.data(), n));
    ASSERT_EQ(f.status, FrameStatus::incomplete) << "prefix of " << n << " bytes";
    ASSERT_GT(f.at_least, n) << "prefix of " << n << " bytes";
    ASSERT_LE(f.at_least, msg.size()) << "prefix of " << n << " bytes";
  }
  const auto f = frame_stream(msg);
  ASSERT_EQ(f.status, FrameStatus::complete);
  EXPECT_EQ(f.length, msg.size());
}

TEST(StreamFrame, PushPullIsCompleteExactlyAtItsLastUserStateByte) {
  expect_frames_byte_by_byte(push_pull_bytes(3, 17));
}

TEST(StreamFrame, PushPullWithoutNodesOrUserState) {
  expect_frames_byte_by_byte(push_pull_bytes(0, 0));
}

TEST(StreamFrame, UserMessageIsHeaderThenPayload) {
  Bytes msg;
  encode_user_stream(Bytes(300, 7), msg);
  expect_frames_byte_by_byte(msg);
}

TEST(StreamFrame, PingAckAndErrorAreOneMap) {
  Bytes ping, ack, err;
  encode(Ping{42, "node-b", Ip::v4(127, 0, 0, 1), "node-a", 7946}, ping);
  encode(Ack{42, Bytes{1, 2, 3}}, ack);
  encode(ErrorResponse{"nope"}, err);
  expect_frames_byte_by_byte(ping);
  expect_frames_byte_by_byte(ack);
  expect_frames_byte_by_byte(err);
}

TEST(StreamFrame, CompressedIsOneMap) {
  const Bytes msg = seal_stream(push_pull_bytes(5, 40), "", /*compress=*/true);
  ASSERT_EQ(msg.at(0), static_cast<std::uint8_t>(MessageType::compress));
  expect_frames_byte_by_byte(msg);
}

TEST(StreamFrame, LabelHeaderIsPartOfTheMessage) {
  const Bytes msg = seal_stream(push_pull_bytes(2, 5), "cluster-x", false);
  ASSERT_EQ(msg.at(0), static_cast<std::uint8_t>(MessageType::has_label));
  expect_frames_byte_by_byte(msg);
}

TEST(StreamFrame, EncryptedIsLengthPrefixed) {
  Bytes msg = {10, 0, 0, 1, 4};  // [10][u32 BE 260]
  msg.resize(5 + 260, 0x55);
  expect_frames_byte_by_byte(msg);
  // The length is exact as soon as the header is in.
  const auto f = frame_stream(ByteView(msg.data(), 5));
  EXPECT_EQ(f.at_least, msg.size());
}

TEST(StreamFrame, UserMessageLengthIsExactOnceTheHeaderIsIn) {
  Bytes msg;
  encode_user_stream(Bytes(1000, 1), msg);
  const std::size_t header = msg.size() - 1000;
  EXPECT_EQ(frame_stream(ByteView(msg.data(), header)).at_least, msg.size());
}

TEST(StreamFrame, BytesAfterTheMessageAreNotPartOfIt) {
  Bytes msg = push_pull_bytes(2, 3);
  const std::size_t len = msg.size();
  msg.insert(msg.end(), {1, 2, 3, 4});
  const auto f = frame_stream(msg);
  ASSERT_EQ(f.status, FrameStatus::complete);
  EXPECT_EQ(f.length, len);
}

StreamFrame frame_of(std::initializer_list<std::uint8_t> bytes, std::size_t max = kMaxStreamBytes) {
  const Bytes b(bytes);
  return frame_stream(b, max);
}

TEST(StreamFrame, TypesThatNeverTravelOnStreamsAreInvalid) {
  for (std::uint8_t t : std::initializer_list<std::uint8_t>{1, 3, 4, 5, 7, 11, 12, 99}) {
    const auto f = frame_of({t, 0x80});
    EXPECT_EQ(f.status, FrameStatus::invalid) << int{t};
    EXPECT_EQ(f.error, Error::unknown_message) << int{t};
  }
}

TEST(StreamFrame, EmptyLabelIsInvalid) {
  const auto f = frame_of({244, 0, 6});
  EXPECT_EQ(f.status, FrameStatus::invalid);
  EXPECT_EQ(f.error, Error::bad_label);
}

TEST(StreamFrame, PingThatIsNotAMapIsInvalid) {
  EXPECT_EQ(frame_of({0, 0x93, 1, 2, 3}).status, FrameStatus::invalid);
  EXPECT_EQ(frame_of({0, 0xc1}).status, FrameStatus::invalid);  // never-used msgpack byte
}

TEST(StreamFrame, NegativeLengthsAreInvalid) {
  Bytes msg{8};
  msgpack::Writer w(msg);
  w.write_map_header(1);
  w.write_string("UserMsgLen");
  w.write_int(-1);
  const auto f = frame_stream(msg);
  EXPECT_EQ(f.status, FrameStatus::invalid);
  EXPECT_EQ(f.error, Error::bad_value);
}

TEST(StreamFrame, LengthFieldOfTheWrongTypeIsInvalid) {
  Bytes msg{6};
  msgpack::Writer w(msg);
  w.write_map_header(1);
  w.write_string("Nodes");
  w.write_string("three");
  EXPECT_EQ(frame_stream(msg).status, FrameStatus::invalid);
}

TEST(StreamFrame, PushPullNodeStateThatIsNotAMapIsInvalid) {
  Bytes msg{6};
  msgpack::Writer w(msg);
  w.write_map_header(2);
  w.write_string("Nodes");
  w.write_int(1);
  w.write_string("UserStateLen");
  w.write_int(0);
  w.write_uint(5);  // a node state must be a map
  EXPECT_EQ(frame_stream(msg).status, FrameStatus::invalid);
}

TEST(StreamFrame, MessagesOverTheCapAreRefusedBeforeTheyArrive) {
  Bytes msg;
  encode_user_stream(Bytes(200, 1), msg);
  const std::size_t header = msg.size() - 200;
  const auto f = frame_stream(ByteView(msg.data(), header), /*max_bytes=*/100);
  EXPECT_EQ(f.status, FrameStatus::invalid);
  EXPECT_EQ(f.error, Error::too_large);
  EXPECT_EQ(frame_of({10, 0x02, 0, 0, 0}, 1000).error, Error::too_large);  // 32 MiB encrypted
}

TEST(StreamFrame, EndlessPrefixIsRefusedAtTheCap) {
  // A map header announcing more entries than will ever come: incomplete until the cap.
  Bytes msg{0, 0xdf, 0x00, 0x10, 0x00, 0x00};
  msg.resize(64, 0xa0);  // empty strings: keys and values that never end the map
  const auto f = frame_stream(msg, /*max_bytes=*/64);
  EXPECT_EQ(f.status, FrameStatus::invalid);
  EXPECT_EQ(f.error, Error::too_large);
}

TEST(StreamFrame, DefaultCapIsTwentyMebibytes) {
  EXPECT_EQ(kMaxStreamBytes, 20u << 20);
}

RC_GTEST_PROP(StreamFrame, AnyPrefixOfAPushPullIsIncompleteAndTheWholeIsComplete,
              (std::uint8_t nodes, std::uint16_t user_state)) {
  const Bytes msg = push_pull_bytes(nodes % 40, user_state % 2000);
  const auto cut = *rc::gen::inRange<std::size_t>(0, msg.size());
  const auto f = frame_stream(ByteView(msg.data(), cut));
  RC_ASSERT(f.status == FrameStatus::incomplete);
  RC_ASSERT(f.at_least > cut);
  RC_ASSERT(f.at_least <= msg.size());
  const auto whole = frame_stream(msg);
  RC_ASSERT(whole.status == FrameStatus::complete);
  RC_ASSERT(whole.length == msg.size());
}

RC_GTEST_PROP(StreamFrame, ArbitraryBytesNeverCrashOrOverreach, (const Bytes& junk)) {
  const auto f = frame_stream(junk, 4096);
  if (f.status == FrameStatus::complete) RC_ASSERT(f.length <= junk.size());
  if (f.status == FrameStatus::incomplete) RC_ASSERT(f.at_least > junk.size());
}

}  // namespace
}  // namespace rumor::codec
