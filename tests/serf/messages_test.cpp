// Serf's messages: what we encode decodes to the same message (rapidcheck), and
// malformed input gives a typed error, never a crash.
#include "serf/messages.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "serf/filters.hpp"
#include "serf/tags.hpp"
#include "support.hpp"

namespace rumor::serf {
namespace {

using test::hex;

Bytes some_bytes() {
  return *rc::gen::container<Bytes>(rc::gen::arbitrary<std::uint8_t>());
}
std::string some_string() {
  return *rc::gen::arbitrary<std::string>();
}

template <class M, class Decode>
void expect_round_trip(const M& m, Decode decode) {
  const Bytes raw = encoded(m);
  auto back = decode(ByteView(raw).subspan(1));
  RC_ASSERT(back.ok());
  RC_ASSERT(*back == m);
}

RC_GTEST_PROP(SerfMessages, LeaveAndJoinRoundTrip, ()) {
  expect_round_trip(
      LeaveMsg{*rc::gen::arbitrary<std::uint64_t>(), some_string(), *rc::gen::arbitrary<bool>()},
      decode_leave);
  expect_round_trip(JoinMsg{*rc::gen::arbitrary<std::uint64_t>(), some_string()}, decode_join);
}

RC_GTEST_PROP(SerfMessages, UserEventRoundTrips, ()) {
  expect_round_trip(UserEventMsg{*rc::gen::arbitrary<std::uint64_t>(), some_string(), some_bytes(),
                                 *rc::gen::arbitrary<bool>()},
                    decode_user_event);
}

RC_GTEST_PROP(SerfMessages, QueryAndResponseRoundTrip, ()) {
  QueryMsg q;
  q.ltime = *rc::gen::arbitrary<std::uint64_t>();
  q.id = *rc::gen::arbitrary<std::uint32_t>();
  q.addr = Ip::v4(10, 0, 0, *rc::gen::arbitrary<std::uint8_t>());
  q.port = *rc::gen::arbitrary<std::uint16_t>();
  q.source_node = some_string();
  q.filters = *rc::gen::container<std::vector<Bytes>>(
      rc::gen::nonEmpty(rc::gen::container<Bytes>(rc::gen::arbitrary<std::uint8_t>())));
  q.flags = *rc::gen::arbitrary<std::uint32_t>();
  q.relay_factor = *rc::gen::arbitrary<std::uint8_t>();
  q.timeout_ns = *rc::gen::inRange<std::int64_t>(0, std::int64_t{1} << 62);
  q.name = some_string();
  q.payload = some_bytes();
  expect_round_trip(q, decode_query);
  expect_round_trip(QueryResponseMsg{q.ltime, q.id, some_string(), q.flags, some_bytes()},
                    decode_query_response);
}

RC_GTEST_PROP(SerfMessages, PushPullRoundTrips, ()) {
  PushPullMsg pp;
  pp.ltime = *rc::gen::arbitrary<std::uint64_t>();
  pp.event_ltime = *rc::gen::arbitrary<std::uint64_t>();
  pp.query_ltime = *rc::gen::arbitrary<std::uint64_t>();
  const auto names =
      *rc::gen::container<std::vector<std::string>>(rc::gen::arbitrary<std::string>());
  for (const auto& n : names) pp.status_ltimes[n] = *rc::gen::arbitrary<std::uint64_t>();
  pp.left_members = names;
  const int slots = *rc::gen::inRange(0, 20);
  for (int i = 0; i < slots; ++i) {
    if (*rc::gen::arbitrary<bool>()) {
      pp.events.emplace_back();
    } else {
      EventSlot s{*rc::gen::arbitrary<std::uint64_t>(), {}};
      s.events.push_back(EventRecord{some_string(), some_bytes()});
      pp.events.emplace_back(std::move(s));
    }
  }
  expect_round_trip(pp, decode_push_pull);
}

RC_GTEST_PROP(SerfMessages, ConflictKeyAndRelayMessagesRoundTrip, ()) {
  WireMember m;
  m.name = some_string();
  m.addr = Ip::v4(1, 2, 3, 4);
  m.port = *rc::gen::arbitrary<std::uint16_t>();
  m.tags = {{some_string(), some_string()}};
  m.status = *rc::gen::inRange<std::int64_t>(0, 5);
  m.protocol_max = 5;
  m.delegate_cur = 4;
  expect_round_trip(ConflictResponseMsg{m}, decode_conflict_response);
  expect_round_trip(ConflictResponseMsg{}, decode_conflict_response);
  expect_round_trip(KeyRequestMsg{some_bytes()}, decode_key_request);
  expect_round_trip(
      KeyResponseMsg{*rc::gen::arbitrary<bool>(), some_string(), {some_string()}, some_string()},
      decode_key_response);
  expect_round_trip(KeyResponseMsg{*rc::gen::arbitrary<bool>(), some_string(), {}, std::nullopt},
                    decode_key_response);
  RelayMsg r{Address{Ip::v4(9, 8, 7, 6), *rc::gen::arbitrary<std::uint16_t>()}, some_string(),
             encoded(QueryResponseMsg{1, 2, "x", 0, some_bytes()})};
  expect_round_trip(r, decode_relay);
}

RC_GTEST_PROP(SerfMessages, TagsRoundTripThroughNodeMeta, ()) {
  const auto tags = *rc::gen::container<Tags>(rc::gen::arbitrary<std::string>(),
                                              rc::gen::arbitrary<std::string>());
  auto back = decode_tags(encode_tags(tags));
  RC_ASSERT(back.ok());
  RC_ASSERT(*back == tags);
}

RC_GTEST_PROP(SerfMessages, DecodersNeverCrashOnArbitraryBytes, ()) {
  const Bytes junk = some_bytes();
  (void)decode_leave(junk);
  (void)decode_join(junk);
  (void)decode_push_pull(junk);
  (void)decode_user_event(junk);
  (void)decode_query(junk);
  (void)decode_query_response(junk);
  (void)decode_conflict_response(junk);
  (void)decode_key_request(junk);
  (void)decode_key_response(junk);
  (void)decode_relay(junk);
  (void)decode_tags(junk);
  (void)decode_filter(junk);
}

RC_GTEST_PROP(SerfMessages, EveryTruncationOfAValidMessageIsAnErrorNotACrash, ()) {
  const Bytes raw = encoded(QueryMsg{
      5, 7, Ip::v4(1, 1, 1, 1), 80, "a", {{0, 0x90}}, 1, 0, 10, some_string(), some_bytes()});
  const auto cut = *rc::gen::inRange<std::size_t>(1, raw.size() - 1);
  RC_ASSERT(!decode_query(ByteView(raw).subspan(1, cut - 1)).ok());
}

TEST(SerfMessages, WrongKindsAreTypedErrors) {
  // A leave whose LTime is a string.
  EXPECT_EQ(decode_leave(hex("81a54c54696d65a178")).error(), Error::bad_type);
  // A query whose ID does not fit in 32 bits.
  EXPECT_EQ(decode_query(hex("81a24944cf0000000100000000")).error(), Error::bad_value);
  // A relay header with nothing to forward.
  EXPECT_EQ(decode_relay(hex("80")).error(), Error::truncated);
  // Tags that are not a map.
  EXPECT_FALSE(decode_tags(hex("ff92a161a162")).ok());
}

TEST(SerfMessages, UnknownKeysAreSkippedAndMissingOnesLeftZero) {
  auto j = decode_join(hex("82a3466f6f93010203a44e6f6465a162"));
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(*j, (JoinMsg{0, "b"}));
}

TEST(SerfTags, MetaWithoutTheMagicByteIsTheLegacyRole) {
  auto t = decode_tags(test::as_bytes("web"));
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(*t, (Tags{{"role", "web"}}));
}

TEST(SerfFilters, NodeAndTagFiltersEncodeAsSerfWritesThem) {
  EXPECT_EQ(encode_filter(NodeFilter{{"a", "b"}}), hex("00 92 a161 a162"));
  EXPECT_EQ(encode_filter(TagFilter{"role", "^web"}),
            hex("01 82 a445787072 a45e776562 a3546167 a4726f6c65"));
}

TEST(SerfFilters, AQueryIsProcessedOnlyWhenEveryFilterMatches) {
  const Tags tags{{"role", "web-1"}, {"dc", "east"}};
  const std::vector<Bytes> by_name{encode_filter(NodeFilter{{"x", "me"}})};
  EXPECT_TRUE(should_process(by_name, "me", tags));
  EXPECT_FALSE(should_process(by_name, "other", tags));
  EXPECT_TRUE(should_process({encode_filter(TagFilter{"role", "web"})}, "me", tags));  // unanchored
  EXPECT_FALSE(should_process({encode_filter(TagFilter{"role", "^db"})}, "me", tags));
  EXPECT_FALSE(should_process({encode_filter(TagFilter{"missing", "."})}, "me", tags));
  EXPECT_FALSE(should_process({encode_filter(TagFilter{"role", "("})}, "me", tags));  // bad regex
  EXPECT_FALSE(should_process({hex("07 90")}, "me", tags));  // unknown filter type
  EXPECT_FALSE(should_process(
      {encode_filter(TagFilter{"role", "web"}), encode_filter(TagFilter{"dc", "west"})}, "me",
      tags));
}

}  // namespace
}  // namespace rumor::serf
