// The web simulator's lab sessions and API, without sockets: what the page is promised.
#include "websim/api.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace rumor::websim {
namespace {

using json = nlohmann::json;

LabSession lab(Query q) {
  return LabSession(q, 2000);
}

void run_to_end(LabSession& s) {
  for (int i = 0; i < 1000 && !s.over(); ++i) s.step(1);
  ASSERT_TRUE(s.over());
}

TEST(LabSession, PushPullWithFullViewsReachesEveryNode) {
  auto s = lab({{"nodes", "100"}, {"algorithm", "anti-entropy"}, {"mode", "push-pull"}});
  EXPECT_FALSE(s.started());
  s.infect(0);
  run_to_end(s);
  for (std::uint32_t x = 0; x < 100; ++x) EXPECT_TRUE(s.knows(x)) << x;
  const auto st = s.state();
  EXPECT_EQ(st["informed"], 100);
  EXPECT_EQ(st["nodes"], std::string(100, 'i'));
  // log3 100 + O(log log n): a handful of cycles, never dozens.
  EXPECT_GE(s.cycle(), 4);
  EXPECT_LE(s.cycle(), 12);
  EXPECT_EQ(st["curve"].size(), static_cast<std::size_t>(s.cycle()) + 1);
  EXPECT_DOUBLE_EQ(st["curve"].back().get<double>(), 1.0);
  EXPECT_NEAR(st["prediction"]["t_last_asymptotic"].get<double>(), 4.19, 0.01);
}

TEST(LabSession, TheSameSeedGivesTheSameRun) {
  const Query q{{"nodes", "300"}, {"algorithm", "rumor"}, {"mode", "push"}, {"seed", "7"}};
  auto a = lab(q), b = lab(q);
  a.infect(5);
  b.infect(5);
  while (!a.over()) {
    a.step(1);
    b.step(1);
    ASSERT_EQ(a.state().dump(), b.state().dump()) << "cycle " << a.cycle();
  }
  EXPECT_TRUE(b.over());
  auto c = lab({{"nodes", "300"}, {"algorithm", "rumor"}, {"mode", "push"}, {"seed", "8"}});
  c.infect(5);
  c.step(1);
  c.step(1);
  EXPECT_NE(c.state()["nodes"], a.state()["nodes"]) << "another seed, another run";
}

TEST(LabSession, EveryConnectionGoesToAPeerInTheCallersView) {
  for (const char* algorithm : {"anti-entropy", "rumor"}) {
    auto s = lab({{"nodes", "200"},
                  {"algorithm", algorithm},
                  {"mode", "push-pull"},
                  {"view", "4"},
                  {"fanout", "2"}});
    s.infect(17);
    std::size_t checked = 0;
    for (int i = 0; i < 60 && !s.over(); ++i) {
      s.step(1);
      for (const auto& m : s.messages()) {
        // A push goes from the caller to its partner; a pull answers the caller.
        const auto caller = m.pull ? m.to : m.from, callee = m.pull ? m.from : m.to;
        const auto v = s.view(caller);
        ASSERT_EQ(v.size(), 4u);
        EXPECT_NE(std::find(v.begin(), v.end(), callee), v.end())
            << algorithm << ": " << caller << " called " << callee << ", not in its view";
        ++checked;
      }
    }
    EXPECT_GT(checked, 50u) << algorithm;
  }
}

TEST(LabSession, CrashedNodesCannotBeInfectedAndNeverLearn) {
  auto s = lab({{"nodes", "100"}, {"failed", "0.2"}, {"mode", "push-pull"}});
  std::uint32_t down = 0;
  while (s.live(down)) ++down;
  EXPECT_THROW(s.infect(down), ParamError);
  std::uint32_t up = 0;
  while (!s.live(up)) ++up;
  s.infect(up);
  run_to_end(s);
  EXPECT_EQ(s.state()["informed"], 80);
  EXPECT_FALSE(s.knows(down));
}

// ---- the API ----

json body(const ApiResponse& r) {
  return json::parse(r.body);
}

TEST(Api, CreateInfectStepAndReset) {
  Api api;
  auto r = api.call("POST", "/sessions", {{"engine", "lab"}, {"nodes", "50"}});
  ASSERT_EQ(r.code, 200) << r.body;
  EXPECT_EQ(body(r)["engine"], "lab");
  const std::string id = body(r)["session"];
  EXPECT_EQ(body(r)["started"], false);
  r = api.call("POST", "/sessions/" + id + "/step", {});
  EXPECT_EQ(r.code, 400) << "nothing to step before a node is infected";
  EXPECT_EQ(body(r)["field"], "node");
  ASSERT_EQ(api.call("POST", "/sessions/" + id + "/infect", {{"node", "3"}}).code, 200);
  r = api.call("POST", "/sessions/" + id + "/step", {{"count", "1000"}});
  ASSERT_EQ(r.code, 200);
  EXPECT_EQ(body(r)["over"], true);
  EXPECT_EQ(body(r)["informed"], 50);
  r = api.call("POST", "/sessions/" + id + "/reset", {});
  ASSERT_EQ(r.code, 200) << r.body;
  EXPECT_EQ(body(r)["cycle"], 0);
  EXPECT_EQ(body(r)["started"], false);
  EXPECT_EQ(api.call("DELETE", "/sessions/" + id, {}).code, 200);
  EXPECT_EQ(api.call("GET", "/sessions/" + id, {}).code, 404);
}

TEST(Api, BadParametersAre400NamingTheField) {
  Api api;
  const std::vector<std::pair<Query, std::string>> cases = {
      {{{"nodes", "5000"}}, "nodes"},
      {{{"nodes", "ten"}}, "nodes"},
      {{{"mode", "sideways"}}, "mode"},
      {{{"algorithm", "push-sum"}}, "algorithm"},
      {{{"loss", "2"}}, "loss"},
      {{{"view", "100"}, {"nodes", "100"}}, "view"},
      {{{"fanout", "0"}}, "fanout"},
      {{{"engine", "quantum"}}, "engine"},
      {{{"kind", "quantum"}}, "engine"},  // the old name of the parameter
      {{{"engine", "protocol"}, {"nodes", "201"}}, "nodes"},
      {{{"engine", "protocol"}, {"step_ms", "0"}}, "step_ms"},
  };
  for (const auto& [q, field] : cases) {
    const auto r = api.call("POST", "/sessions", q);
    EXPECT_EQ(r.code, 400) << r.body;
    EXPECT_EQ(body(r)["field"], field) << r.body;
    EXPECT_NE(body(r)["error"].get<std::string>().find(field + ":"), std::string::npos) << r.body;
  }
  const std::string id = body(api.call("POST", "/sessions", {{"nodes", "10"}}))["session"];
  const auto r = api.call("POST", "/sessions/" + id + "/infect", {{"node", "10"}});
  EXPECT_EQ(r.code, 400);
  EXPECT_EQ(body(r)["field"], "node");
  EXPECT_EQ(api.call("POST", "/sessions/" + id + "/fly", {}).code, 404);
  EXPECT_EQ(api.call("GET", "/sessions/" + id + "/step", {}).code, 405);
}

// The parameter is named as the page names the choice, "engine"; links that still say
// "kind" keep working.
TEST(Api, TheEngineParameterChoosesTheSessionAndKindStillDoes) {
  Api api;
  for (const char* key : {"engine", "kind"}) {
    const auto r = api.call("POST", "/sessions", {{key, "protocol"}, {"nodes", "8"}});
    ASSERT_EQ(r.code, 200) << key << ": " << r.body;
    EXPECT_EQ(body(r)["engine"], "protocol") << key;
  }
}

TEST(Api, SessionsAreBoundedAndForgottenWhenIdle) {
  Clock::time_point now{};
  Limits limits;
  limits.max_sessions = 2;
  limits.idle = std::chrono::seconds(60);
  Api api(limits, [&] { return now; });
  const std::string a = body(api.call("POST", "/sessions", {}))["session"];
  now += std::chrono::seconds(30);
  const std::string b = body(api.call("POST", "/sessions", {}))["session"];
  EXPECT_EQ(api.call("POST", "/sessions", {}).code, 503) << "a third is over the limit";
  now += std::chrono::seconds(31);  // a idle 61 s, b 31 s
  ASSERT_EQ(api.call("POST", "/sessions", {}).code, 200) << "a was forgotten, making room";
  EXPECT_EQ(api.call("GET", "/sessions/" + a, {}).code, 404);
  EXPECT_EQ(api.call("GET", "/sessions/" + b, {}).code, 200);
  EXPECT_EQ(api.sessions().size(), 2u);
}

}  // namespace
}  // namespace rumor::websim
