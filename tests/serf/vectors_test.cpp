// Serf's messages as two real Go serf 0.8.2 agents wrote them (beta joins alpha, event
// deploy/v1, query uptime answered by beta, tag change, graceful leave): every one
// decodes, and re-encoding what we decoded gives the same bytes.
#include <gtest/gtest.h>

#include <set>

#include "serf/config.hpp"
#include "serf/messages.hpp"
#include "serf/tags.hpp"
#include "support.hpp"

namespace rumor::serf {
namespace {

using test::captured;
using test::hex;
using test::to_hex;

Result<Bytes> reencode(ByteView msg) {
  const ByteView body = msg.subspan(1);
  auto again = [](auto decoded) -> Result<Bytes> {
    if (!decoded) return decoded.error();
    return encoded(*decoded);
  };
  switch (static_cast<MessageType>(msg[0])) {
    case MessageType::leave:
      return again(decode_leave(body));
    case MessageType::join:
      return again(decode_join(body));
    case MessageType::push_pull:
      return again(decode_push_pull(body));
    case MessageType::user_event:
      return again(decode_user_event(body));
    case MessageType::query:
      return again(decode_query(body));
    case MessageType::query_response:
      return again(decode_query_response(body));
    case MessageType::conflict_response:
      return again(decode_conflict_response(body));
    case MessageType::key_request:
      return again(decode_key_request(body));
    case MessageType::key_response:
      return again(decode_key_response(body));
    case MessageType::relay:
      return again(decode_relay(body));
  }
  return Error::bad_type;
}

TEST(SerfVectors, TheCaptureHoldsEverySerfMessageTheScenarioSends) {
  const auto& v = captured();
  ASSERT_EQ(v.error, "");
  std::set<int> types;
  for (const Bytes& m : v.serf_messages) types.insert(m.at(0));
  // leave, join, user event, query, query response
  EXPECT_EQ(types, (std::set<int>{0, 1, 3, 4, 5}));
  EXPECT_EQ(v.push_pull_states.size(), 2u);
}

TEST(SerfVectors, EveryCapturedSerfMessageDecodesAndReencodesToTheSameBytes) {
  const auto& v = captured();
  ASSERT_EQ(v.error, "");
  ASSERT_FALSE(v.serf_messages.empty());
  for (const Bytes& m : v.serf_messages) {
    auto again = reencode(m);
    ASSERT_TRUE(again.ok()) << to_hex(m);
    EXPECT_EQ(to_hex(*again), to_hex(m));
  }
}

TEST(SerfVectors, PushPullStateDecodesAndReencodesToTheSameBytes) {
  const auto& v = captured();
  ASSERT_EQ(v.error, "");
  for (const Bytes& state : v.push_pull_states) {
    ASSERT_EQ(state.at(0), static_cast<std::uint8_t>(MessageType::push_pull));
    auto pp = decode_push_pull(ByteView(state).subspan(1));
    ASSERT_TRUE(pp.ok());
    EXPECT_EQ(pp->ltime, 1u);
    EXPECT_EQ(pp->event_ltime, 1u);
    EXPECT_EQ(pp->query_ltime, 1u);
    EXPECT_TRUE(pp->left_members.empty());
    ASSERT_EQ(pp->events.size(), 512u);  // the whole ring, every slot nil
    for (const auto& slot : pp->events) EXPECT_FALSE(slot.has_value());
    ASSERT_EQ(pp->status_ltimes.size(), 1u);
    EXPECT_EQ(to_hex(encoded(*pp)), to_hex(state));
  }
}

TEST(SerfVectors, BetasJoinIntentCarriesLTimeOne) {
  const auto& v = captured();
  const Bytes want = hex("0182a54c54696d6501a44e6f6465a462657461");
  bool found = false;
  for (const Bytes& m : v.serf_messages) found = found || m == want;
  ASSERT_TRUE(found);
  auto j = decode_join(ByteView(want).subspan(1));
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(*j, (JoinMsg{1, "beta"}));
  EXPECT_EQ(encoded(JoinMsg{1, "beta"}), want);
}

TEST(SerfVectors, BetasGracefulLeaveIntentIsNotAPrune) {
  const Bytes want = hex("0083a54c54696d6502a44e6f6465a462657461a55072756e65c2");
  auto l = decode_leave(ByteView(want).subspan(1));
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(*l, (LeaveMsg{2, "beta", false}));
  EXPECT_EQ(encoded(LeaveMsg{2, "beta", false}), want);
}

TEST(SerfVectors, UserEventDeployV1WithoutCoalescing) {
  const Bytes want =
      hex("0384a24343c2a54c54696d6501a44e616d65a66465706c6f79a75061796c6f6164a27631");
  auto e = decode_user_event(ByteView(want).subspan(1));
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->ltime, 1u);
  EXPECT_EQ(e->name, "deploy");
  EXPECT_EQ(e->payload, Bytes({'v', '1'}));
  EXPECT_FALSE(e->cc);
  EXPECT_EQ(encoded(UserEventMsg{1, "deploy", {'v', '1'}, false}), want);
}

TEST(SerfVectors, QueryUptimeAsksForAcksWithATwoSecondTimeout) {
  const Bytes want =
      hex("048ba441646472a47f000001a746696c74657273c0a5466c61677301a24944ce200ff030a54c54696d6501"
          "a44e616d65a6757074696d65a75061796c6f6164c0a4506f7274cdb02cab52656c6179466163746f7200aa"
          "536f757263654e6f6465a5616c706861a754696d656f7574ce77359400");
  auto q = decode_query(ByteView(want).subspan(1));
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->name, "uptime");
  EXPECT_EQ(q->addr, Ip::v4(127, 0, 0, 1));
  EXPECT_EQ(q->port, 45100);
  EXPECT_EQ(q->id, 0x200ff030u);
  EXPECT_TRUE(q->ack());
  EXPECT_TRUE(q->filters.empty());
  EXPECT_EQ(q->source_node, "alpha");
  EXPECT_EQ(q->timeout_ns, 2'000'000'000);
  EXPECT_EQ(encoded(*q), want);
}

TEST(SerfVectors, QueryAckAndResponseFromBeta) {
  const Bytes ack =
      hex("0585a5466c61677301a446726f6da462657461a24944ce200ff030a54c54696d6501a75061796c6f6164c0");
  const Bytes resp =
      hex("0585a5466c61677300a446726f6da462657461a24944ce200ff030a54c54696d6501a75061796c6f6164a875"
          "702d626574610a");
  auto a = decode_query_response(ByteView(ack).subspan(1));
  auto r = decode_query_response(ByteView(resp).subspan(1));
  ASSERT_TRUE(a.ok() && r.ok());
  EXPECT_TRUE(a->ack());
  EXPECT_TRUE(a->payload.empty());
  EXPECT_FALSE(r->ack());
  EXPECT_EQ(std::string(r->payload.begin(), r->payload.end()), "up-beta\n");
  EXPECT_EQ(encoded(QueryResponseMsg{1, 0x200ff030u, "beta", 0, r->payload}), resp);
}

TEST(SerfVectors, TagsInNodeMetaDecodeAndReencode) {
  const auto& v = captured();
  ASSERT_FALSE(v.metas.empty());
  std::set<std::string> seen;
  for (const Bytes& meta : v.metas) {
    auto tags = decode_tags(meta);
    ASSERT_TRUE(tags.ok()) << to_hex(meta);
    EXPECT_EQ(encode_tags(*tags), meta);  // sorted keys are what Go wrote here
    std::string s;
    for (const auto& [k, val] : *tags) s += k + "=" + val + ";";
    seen.insert(s);
  }
  EXPECT_EQ(seen, (std::set<std::string>{"role=web;", "role=db;", "role=db;zone=z1;"}));
}

TEST(SerfVectors, AgentsAdvertiseSerfDelegateVersionsTwoToFiveSpeakingFive) {
  const auto& v = captured();
  ASSERT_FALSE(v.vsns.empty());
  for (const Bytes& vsn : v.vsns) {
    ASSERT_EQ(vsn.size(), 6u);
    EXPECT_EQ(vsn[3], kProtocolVersionMin);
    EXPECT_EQ(vsn[4], kProtocolVersionMax);
    EXPECT_EQ(vsn[5], Config{}.protocol_version);
  }
}

}  // namespace
}  // namespace rumor::serf
