// Every message decodes back to what was encoded, and encoding is canonical: encoding the
// decoded value gives the same bytes again.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "codec/messages.hpp"
#include "generators.hpp"
#include "test_support.hpp"

namespace rumor::codec::test {
namespace {

template <class M, class Decode>
void check_round_trip(const M& m, Decode decode) {
  const Bytes bytes = encoded(m);
  auto back = decode(body_of(bytes));
  RC_ASSERT(back.ok());
  RC_ASSERT(*back == m);
  RC_ASSERT(encoded(*back) == bytes);
}

RC_GTEST_PROP(MessagesRoundTrip, Ping, (const Ping& m)) {
  check_round_trip(m, decode_ping);
}
RC_GTEST_PROP(MessagesRoundTrip, IndirectPing, (const IndirectPing& m)) {
  check_round_trip(m, decode_indirect_ping);
}
RC_GTEST_PROP(MessagesRoundTrip, Ack, (const Ack& m)) {
  check_round_trip(m, decode_ack);
}
RC_GTEST_PROP(MessagesRoundTrip, Nack, (const Nack& m)) {
  check_round_trip(m, decode_nack);
}
RC_GTEST_PROP(MessagesRoundTrip, ErrorResponse, (const ErrorResponse& m)) {
  check_round_trip(m, decode_error);
}
RC_GTEST_PROP(MessagesRoundTrip, Suspect, (const Suspect& m)) {
  check_round_trip(m, decode_suspect);
}
RC_GTEST_PROP(MessagesRoundTrip, Dead, (const Dead& m)) {
  check_round_trip(m, decode_dead);
}
RC_GTEST_PROP(MessagesRoundTrip, Alive, (const Alive& m)) {
  check_round_trip(m, decode_alive);
}
RC_GTEST_PROP(MessagesRoundTrip, PushPull, (const PushPull& m)) {
  check_round_trip(m, decode_push_pull);
}
// The core writes its push/pulls from node states encoded once per card: the same bytes.
RC_GTEST_PROP(MessagesRoundTrip, PushPullWrittenPiecewiseIsByteIdentical, (const PushPull& m)) {
  Bytes out;
  begin_push_pull(m.join, m.nodes.size(), m.user_state.size(), 0, out);
  for (const PushNodeState& n : m.nodes)
    append_node_state(node_state_parts(n.addr, n.port, n.name, n.meta, n.vsn), n.incarnation,
                      n.state, out);
  out.insert(out.end(), m.user_state.begin(), m.user_state.end());
  RC_ASSERT(out == encoded(m));
}

RC_GTEST_PROP(MessagesRoundTrip, StreamUserMessage, (const Bytes& payload)) {
  Bytes out;
  encode_user_stream(payload, out);
  RC_ASSERT(out[0] == static_cast<std::uint8_t>(MessageType::user));
  auto back = decode_user_stream(body_of(out));
  RC_ASSERT(back.ok());
  RC_ASSERT(*back == payload);
}

RC_GTEST_PROP(MessagesRoundTrip, PacketUserMessageIsTypeByteThenPayload, (const Bytes& payload)) {
  Bytes out;
  encode_user(payload, out);
  RC_ASSERT(out.size() == payload.size() + 1);
  RC_ASSERT(Bytes(out.begin() + 1, out.end()) == payload);
}

RC_GTEST_PROP(MessagesRoundTrip, EncodersAppendWithoutTouchingEarlierBytes,
              (const Bytes& prefix, const Alive& m)) {
  Bytes out = prefix;
  encode(m, out);
  RC_ASSERT(Bytes(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(prefix.size())) == prefix);
  RC_ASSERT(Bytes(out.begin() + static_cast<std::ptrdiff_t>(prefix.size()), out.end()) ==
            encoded(m));
}

}  // namespace
}  // namespace rumor::codec::test
