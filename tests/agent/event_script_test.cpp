#include "agent/event_script.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace rumor;
using namespace rumor::agent;

namespace {
bool has(const std::vector<std::string>& env, const std::string& kv) {
  return std::find(env.begin(), env.end(), kv) != env.end();
}
Event user_event(std::string name, std::string payload) {
  Event e;
  e.type = EventType::user;
  e.name = std::move(name);
  e.ltime = 7;
  e.payload.assign(payload.begin(), payload.end());
  return e;
}
}  // namespace

TEST(EventScript, AScriptWithoutAFilterHandlesEveryEvent) {
  std::vector<EventScript> s;
  EXPECT_EQ(parse_event_script("/bin/true", s), "");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].filter.event, "*");
  EXPECT_TRUE(s[0].filter.matches(user_event("x", "")));
}

TEST(EventScript, FiltersSelectEventTypesAndUserEventNames) {
  std::vector<EventScript> s;
  EXPECT_EQ(parse_event_script("member-join,user:deploy=handler.sh", s), "");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[1].script, "handler.sh");
  EXPECT_TRUE(s[1].filter.matches(user_event("deploy", "")));
  EXPECT_FALSE(s[1].filter.matches(user_event("restart", "")));
  Event join;
  join.type = EventType::member_join;
  EXPECT_TRUE(s[0].filter.matches(join));
  EXPECT_FALSE(s[0].filter.matches(user_event("deploy", "")));
}

TEST(EventScript, AnUnknownEventTypeIsAnErrorNamingIt) {
  std::vector<EventScript> s;
  const std::string err = parse_event_script("member-joined=x.sh", s);
  EXPECT_NE(err.find("member-joined"), std::string::npos);
}

TEST(EventScript, UserEventHandlersGetSerfsEnvironmentAndRumorTwins) {
  SelfInfo self{"node-a", {{"role", "web"}, {"dc-name", "east"}}};
  const auto env = handler_env(user_event("deploy", "v1"), self);
  EXPECT_TRUE(has(env, "SERF_EVENT=user"));
  EXPECT_TRUE(has(env, "SERF_SELF_NAME=node-a"));
  EXPECT_TRUE(has(env, "SERF_SELF_ROLE=web"));
  EXPECT_TRUE(has(env, "SERF_TAG_DC_NAME=east")) << "tag names sanitised to [A-Z0-9_]";
  EXPECT_TRUE(has(env, "SERF_USER_EVENT=deploy"));
  EXPECT_TRUE(has(env, "SERF_USER_LTIME=7"));
  EXPECT_TRUE(has(env, "RUMOR_USER_EVENT=deploy"));
}

TEST(EventScript, QueryHandlersGetTheQueryName) {
  Event q = user_event("uptime", "");
  q.type = EventType::query;
  const auto env = handler_env(q, SelfInfo{"a", {}});
  EXPECT_TRUE(has(env, "SERF_EVENT=query"));
  EXPECT_TRUE(has(env, "SERF_QUERY_NAME=uptime"));
}

TEST(EventScript, PayloadsGetATrailingNewline) {
  EXPECT_EQ(handler_stdin(user_event("d", "v1")), "v1\n");
  EXPECT_EQ(handler_stdin(user_event("d", "v1\n")), "v1\n");
  EXPECT_EQ(handler_stdin(user_event("d", "")), "");
}

TEST(EventScript, MemberEventsListOneTabSeparatedLinePerMember) {
  Event e;
  e.type = EventType::member_join;
  e.members.push_back(
      MemberInfo{"a\tb", "10.0.0.1", 7946, {{"role", "db"}, {"zone", "z1"}}, "alive"});
  EXPECT_EQ(handler_stdin(e), "a\\tb\t10.0.0.1\tdb\trole=db,zone=z1\n");
}
