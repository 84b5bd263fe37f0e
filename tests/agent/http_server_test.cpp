#include "agent/http_server.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "agent/http_test_support.hpp"
#include "interop/process_support.hpp"

namespace rumor::agent {
namespace {

using namespace std::chrono_literals;
using json = nlohmann::json;
using testing::FakeHttpBackend;
using testing::http_get;
using testing::RawClient;
using testing::take_response;

// ---- the request parser ----

http::ParseResult parse(std::string_view s, http::Request& r, http::Limits lim = {}) {
  return http::parse_request(s, lim, r);
}

TEST(HttpRequest, ParsesAHead) {
  http::Request r;
  const std::string s =
      "GET /v1/members%20x?token=a%2Bb&x=1+2 HTTP/1.1\r\nHost: h\r\nX-Thing:  v a \r\n\r\nrest";
  const auto res = parse(s, r);
  ASSERT_EQ(res.status, http::ParseStatus::complete) << res.reason;
  EXPECT_EQ(res.consumed, s.size() - 4);
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.path, "/v1/members x");
  EXPECT_EQ(r.query, "token=a%2Bb&x=1+2");
  EXPECT_EQ(r.query_param("token"), "a+b");
  EXPECT_EQ(r.query_param("x"), "1 2");
  EXPECT_EQ(r.query_param("y"), std::nullopt);
  ASSERT_NE(r.header("x-thing"), nullptr);
  EXPECT_EQ(*r.header("x-thing"), "v a");
  EXPECT_TRUE(r.keep_alive());
}

TEST(HttpRequest, IncompleteUntilTheBlankLine) {
  http::Request r;
  EXPECT_EQ(parse("GET / HTTP/1.1\r\nHost: h\r\n", r).status, http::ParseStatus::incomplete);
  EXPECT_EQ(parse("", r).status, http::ParseStatus::incomplete);
  EXPECT_EQ(parse("\r\n", r).status, http::ParseStatus::incomplete);
}

TEST(HttpRequest, KeepAliveRules) {
  http::Request r;
  ASSERT_EQ(parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: foo, Close\r\n\r\n", r).status,
            http::ParseStatus::complete);
  EXPECT_FALSE(r.keep_alive());
  ASSERT_EQ(parse("GET / HTTP/1.0\r\n\r\n", r).status, http::ParseStatus::complete);
  EXPECT_FALSE(r.keep_alive());
  ASSERT_EQ(parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", r).status,
            http::ParseStatus::complete);
  EXPECT_TRUE(r.keep_alive());
}

TEST(HttpRequest, RefusesMalformedHeads) {
  const std::pair<std::string, int> cases[] = {
      {"\x16\x03\x01\x02\x00", 400},                       // a TLS hello
      {"GET\r\n\r\n", 400},                                // no target
      {"GET  / HTTP/1.1\r\nHost: h\r\n\r\n", 400},         // double space
      {"GET / HTTP/1.1 x\r\nHost: h\r\n\r\n", 400},        // trailing junk
      {"GET http://x/ HTTP/1.1\r\nHost: h\r\n\r\n", 400},  // absolute form
      {"GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505},
      {"GET / HTTP/1.1\r\n\r\n", 400},  // no Host
      {"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: h\r\nBad Name: x\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: h\r\nX: a\x01z\r\n\r\n", 400},
      {"GET /%zz HTTP/1.1\r\nHost: h\r\n\r\n", 400},
      {"GET /%00 HTTP/1.1\r\nHost: h\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n", 413},
      {"GET / HTTP/1.1\r\nHost: h\r\nContent-Length: x\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\nContent-Length: 1\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n", 501},
  };
  for (const auto& [text, code] : cases) {
    http::Request r;
    const auto res = parse(text, r);
    EXPECT_EQ(res.status, http::ParseStatus::error) << text;
    EXPECT_EQ(res.code, code) << text;
    EXPECT_FALSE(res.reason.empty());
  }
}

TEST(HttpRequest, EnforcesLimits) {
  http::Limits lim;
  lim.max_head_bytes = 64;
  lim.max_headers = 2;
  http::Request r;
  // Too long without an end: refused as soon as it passes the limit.
  EXPECT_EQ(parse("GET /" + std::string(100, 'a'), r, lim).code, 431);
  EXPECT_EQ(parse("GET /" + std::string(100, 'a') + " HTTP/1.1\r\nHost: h\r\n\r\n", r, lim).code,
            431);
  EXPECT_EQ(parse("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\n\r\n", r, lim).code, 431);
  EXPECT_EQ(parse("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\n\r\n", r, lim).status,
            http::ParseStatus::complete);
}

TEST(HttpRequest, PercentDecoding) {
  EXPECT_EQ(http::percent_decode("a%41%62+c", false), "aAb+c");
  EXPECT_EQ(http::percent_decode("a+c", true), "a c");
  EXPECT_EQ(http::percent_decode("%4", false), std::nullopt);
  EXPECT_EQ(http::percent_decode("%", false), std::nullopt);
  EXPECT_EQ(http::percent_decode("%g0", false), std::nullopt);
  const auto q = http::parse_query("a=1&&b&c=%zz&d=x%3Dy");
  ASSERT_EQ(q.size(), 3u);
  EXPECT_EQ(q[0], (std::pair<std::string, std::string>{"a", "1"}));
  EXPECT_EQ(q[1], (std::pair<std::string, std::string>{"b", ""}));
  EXPECT_EQ(q[2], (std::pair<std::string, std::string>{"d", "x=y"}));
}

// Any bytes: the parser answers without crashing, and what it reports is consistent.
RC_GTEST_PROP(HttpRequest, AnyBytesGetAnAnswer, (const std::string& s)) {
  http::Limits lim;
  lim.max_head_bytes = 256;
  lim.max_headers = 4;
  http::Request r;
  const auto res = http::parse_request(s, lim, r);
  if (res.status == http::ParseStatus::complete) {
    RC_ASSERT(res.consumed <= s.size());
    RC_ASSERT(res.consumed <= lim.max_head_bytes);
    RC_ASSERT(r.headers.size() <= lim.max_headers);
  } else if (res.status == http::ParseStatus::error) {
    RC_ASSERT(res.code >= 400);
  } else {
    RC_ASSERT(s.size() <= lim.max_head_bytes);
  }
}

// A well-formed head built from parts parses back to those parts.
RC_GTEST_PROP(HttpRequest, WellFormedHeadsRoundTrip, ()) {
  const auto seg = *rc::gen::container<std::string>(rc::gen::elementOf(
      std::string("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")));
  const auto n = *rc::gen::inRange<std::size_t>(0, 8);
  std::string head = "GET /" + seg + " HTTP/1.1\r\nHost: h\r\n";
  std::vector<std::pair<std::string, std::string>> hs;
  for (std::size_t i = 0; i < n; ++i) {
    const auto value = *rc::gen::container<std::string>(rc::gen::inRange<char>(0x21, 0x7f));
    hs.emplace_back("x-h" + std::to_string(i), value);
    head += "X-H" + std::to_string(i) + ":\t " + value + " \r\n";
  }
  head += "\r\n";
  http::Request r;
  const auto res = http::parse_request(head, {}, r);
  RC_ASSERT(res.status == http::ParseStatus::complete);
  RC_ASSERT(res.consumed == head.size());
  RC_ASSERT(r.path == "/" + seg);
  RC_ASSERT(r.headers.size() == n + 1);
  for (std::size_t i = 0; i < n; ++i) RC_ASSERT(r.headers[i + 1] == hs[i]);
}

// ---- bodies ----

// Every line of the exposition format: a comment (HELP/TYPE) or a sample whose family
// was declared with TYPE before it.
void expect_valid_exposition(const std::string& text) {
  static const std::regex help(R"(^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$)");
  static const std::regex type(R"(^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram)$)");
  static const std::regex sample(
      R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*",?)*\})? )"
      R"(([-+]?[0-9.eE+-]+|\+Inf|-Inf|NaN)$)");
  std::set<std::string> families;
  std::istringstream in(text);
  std::string line;
  int samples = 0;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, type)) {
      EXPECT_TRUE(families.insert(m[1]).second) << "family twice: " << line;
    } else if (std::regex_match(line, help)) {
    } else if (std::regex_match(line, m, sample)) {
      std::string fam = m[1];
      for (const char* suffix : {"_bucket", "_sum", "_count"})
        if (!families.count(fam) && fam.ends_with(suffix))
          fam = fam.substr(0, fam.size() - std::string_view(suffix).size());
      EXPECT_TRUE(families.count(fam)) << "sample before its TYPE: " << line;
      ++samples;
    } else {
      ADD_FAILURE() << "not exposition format: " << line;
    }
  }
  EXPECT_GT(samples, 50);
}

TEST(HttpBodies, MetricsCoverWhatTheIssueAsks) {
  FakeHttpBackend b;
  auto st = b.stats;
  st.probe_rtt = prom::Histogram::with_bounds({0.005, 0.05, 0.5});
  st.probe_rtt->observe(0.002);
  HttpServerCounters http;
  http.responses[200] = 3;
  http.malformed = 2;
  const auto text = render_metrics(st, http);
  expect_valid_exposition(text);
  for (const char* want : {
           "rumor_messages_total{type=\"ping\",direction=\"in\"} 5",
           "rumor_messages_total{type=\"ping\",direction=\"out\"} 7",
           "rumor_message_bytes_total{type=\"ping\",direction=\"in\"} 500",
           "rumor_message_bytes_total{type=\"ack\",direction=\"out\"} 90",
           "rumor_probe_rtt_seconds_bucket{le=\"0.005\"} 1",
           "rumor_probe_rtt_seconds_count 1",
           "rumor_suspicions_total 4",
           "rumor_refutations_total 1",
           "rumor_health_score 2",
           "rumor_queue_depth{queue=\"broadcasts\"} 0",
           "rumor_events_total{type=\"member-join\"} 6",
           "rumor_dropped_packets_total{reason=\"bad_crc\"} 3",
           "rumor_dropped_packets_total{reason=\"queue_full\"} 0",
           "rumor_members{status=\"alive\"} 2",
           "rumor_http_responses_total{code=\"200\"} 3",
           "rumor_http_malformed_requests_total 2",
           "rumor_info{node=\"alpha\"} 1",
       })
    EXPECT_NE(text.find(want), std::string::npos) << want;
  // Without a measurement the histogram is left out rather than shown empty.
  st.probe_rtt.reset();
  EXPECT_EQ(render_metrics(st, http).find("rumor_probe_rtt_seconds"), std::string::npos);
}

TEST(HttpBodies, EventJson) {
  auto e = testing::user_event("deploy", "v1.2");
  e.coalesce = true;
  auto j = json::parse(event_json(e, 7, 1700000000000));
  EXPECT_EQ(j["id"], 7);
  EXPECT_EQ(j["type"], "user");
  EXPECT_EQ(j["name"], "deploy");
  EXPECT_EQ(j["payload"], "djEuMg==");
  EXPECT_EQ(j["ltime"], 42);
  EXPECT_EQ(j["coalesce"], true);
  EXPECT_EQ(j["time_ms"], 1700000000000);

  Event m;
  m.type = EventType::member_failed;
  m.members = {{"bravo", "10.0.0.2", 7946, {{"k", "\xff invalid utf-8"}}, "failed"}};
  j = json::parse(event_json(m, 8, 0));
  EXPECT_EQ(j["type"], "member-failed");
  EXPECT_EQ(j["members"][0]["name"], "bravo");
  EXPECT_EQ(j["members"][0]["status"], "failed");
  EXPECT_FALSE(j.contains("payload"));
}

// ---- the server ----

HttpServerOptions loopback(std::string token = "") {
  HttpServerOptions o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.token = std::move(token);
  return o;
}

class HttpServerTest : public ::testing::Test {
 protected:
  void start(HttpServerOptions o = loopback()) {
    server = std::make_unique<HttpServer>(backend, std::move(o));
    port = server->port();
  }
  void SetUp() override { start(); }

  FakeHttpBackend backend;
  std::unique_ptr<HttpServer> server;
  std::uint16_t port = 0;
};

TEST_F(HttpServerTest, Members) {
  const auto r = http_get(port, "/v1/members");
  ASSERT_EQ(r.code, 200);
  EXPECT_EQ(r.headers.at("content-type"), "application/json");
  const auto j = json::parse(r.body);
  ASSERT_EQ(j["members"].size(), 4u);
  EXPECT_EQ(j["members"][0]["name"], "alpha");
  EXPECT_EQ(j["members"][0]["tags"]["role"], "web");
  EXPECT_EQ(j["members"][1]["status"], "failed");
  EXPECT_EQ(j["members"][2]["port"], 7947);
}

TEST_F(HttpServerTest, Stats) {
  const auto r = http_get(port, "/v1/stats");
  ASSERT_EQ(r.code, 200);
  const auto j = json::parse(r.body);
  EXPECT_EQ(j["node"], "alpha");
  EXPECT_EQ(j["health_score"], 2);
  EXPECT_EQ(j["members"]["total"], 4);
  EXPECT_EQ(j["members"]["failed"], 1);
  EXPECT_EQ(j["messages"]["in"]["ping"], 5);
  EXPECT_EQ(j["messages"]["total_out"], 7);
  EXPECT_EQ(j["bytes"]["out"]["ack"], 90);
  EXPECT_EQ(j["dropped"]["bad_crc"], 3);
  EXPECT_EQ(j["agent"]["events"]["member-join"], 6);
  EXPECT_TRUE(j["probe_rtt"].is_null());
  EXPECT_GE(j["http"]["requests"].get<int>(), 1);
}

TEST_F(HttpServerTest, Peers) {
  const auto r = http_get(port, "/v1/peers");
  ASSERT_EQ(r.code, 200);
  const auto j = json::parse(r.body);
  ASSERT_EQ(j["edges"].size(), 2u);
  EXPECT_EQ(j["edges"][0]["from"], "alpha");
  EXPECT_EQ(j["edges"][0]["to"], "bravo");
  EXPECT_EQ(j["edges"][0]["messages"], 10);
}

TEST_F(HttpServerTest, Metrics) {
  const auto r = http_get(port, "/metrics");
  ASSERT_EQ(r.code, 200);
  EXPECT_EQ(r.headers.at("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  expect_valid_exposition(r.body);
  EXPECT_NE(r.body.find("rumor_messages_total{type=\"ping\",direction=\"in\"} 5\n"),
            std::string::npos);
  EXPECT_NE(r.body.find("rumor_http_requests_total 1\n"), std::string::npos);
}

TEST_F(HttpServerTest, Dashboard) {
  auto r = http_get(port, "/");
  ASSERT_EQ(r.code, 200);
  EXPECT_EQ(r.headers.at("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("<table id=\"members\""), std::string::npos);
  EXPECT_NE(r.headers.at("content-security-policy").find("script-src 'self'"), std::string::npos);
  r = http_get(port, "/ui/app.js");
  ASSERT_EQ(r.code, 200);
  EXPECT_EQ(r.headers.at("content-type"), "text/javascript; charset=utf-8");
  EXPECT_NE(r.body.find("EventSource"), std::string::npos);
  r = http_get(port, "/ui/style.css");
  ASSERT_EQ(r.code, 200);
  EXPECT_EQ(r.headers.at("content-type"), "text/css; charset=utf-8");
  EXPECT_EQ(http_get(port, "/ui/index.html").code, 200);
  // The icon browsers ask for on their own, and the one the page names.
  for (const char* icon : {"/favicon.ico", "/ui/favicon.svg"}) {
    r = http_get(port, icon);
    ASSERT_EQ(r.code, 200) << icon;
    EXPECT_EQ(r.headers.at("content-type"), "image/svg+xml") << icon;
    EXPECT_EQ(r.body.rfind("<svg ", 0), 0u) << icon;
  }
  EXPECT_EQ(http_get(port, "/ui/missing.js").code, 404);
  EXPECT_EQ(http_get(port, "/ui/../http_server.cpp").code, 404);
}

TEST_F(HttpServerTest, HeadHasNoBody) {
  RawClient c(port);
  c.send("HEAD /v1/members HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  const auto raw = c.read_all();
  const auto end = raw.find("\r\n\r\n");
  ASSERT_NE(end, std::string::npos);
  EXPECT_EQ(raw.size(), end + 4);  // headers only
  EXPECT_NE(raw.find("Content-Length: "), std::string::npos);
  EXPECT_EQ(raw.substr(0, 12), "HTTP/1.1 200");
}

TEST_F(HttpServerTest, NotFoundAndMethodNotAllowed) {
  EXPECT_EQ(http_get(port, "/v1/nothing").code, 404);
  EXPECT_EQ(http_get(port, "/nothing").code, 404);
  const auto r = http_get(port, "/v1/members", "Content-Length: 0\r\n", "POST");
  EXPECT_EQ(r.code, 405);
  EXPECT_EQ(r.headers.at("allow"), "GET, HEAD");
}

TEST_F(HttpServerTest, AMountGetsEveryMethodUnderItsPrefixAndNothingElse) {
  auto o = loopback();
  o.mounts.push_back(
      {"/x", [](const http::Request& req, http::Exchange& ex) {
         ex.respond({200, "text/plain", "mounted " + req.method + " " + req.path, {}});
       }});
  start(std::move(o));
  auto r = http_get(port, "/x/a");
  ASSERT_EQ(r.code, 200);
  EXPECT_EQ(r.body, "mounted GET /x/a");
  r = http_get(port, "/x/b", "Content-Length: 0\r\n", "POST");
  EXPECT_EQ(r.body, "mounted POST /x/b") << "the mount's own rules, not the API's GET only";
  EXPECT_EQ(http_get(port, "/xy").code, 404) << "a longer name is not under the prefix";
  EXPECT_EQ(http_get(port, "/x").code, 404);
  EXPECT_EQ(http_get(port, "/v1/members").code, 200) << "the agent's routes are still there";
}

TEST_F(HttpServerTest, GarbageGets400AndIsCounted) {
  {
    RawClient c(port);
    c.send(std::string("\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03", 11));
    auto raw = c.read_all();
    EXPECT_EQ(take_response(raw).code, 400);
  }
  {
    RawClient c(port);
    c.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\tfolded\r\n\r\n");
    auto raw = c.read_all();
    const auto r = take_response(raw);
    EXPECT_EQ(r.code, 400);
    EXPECT_EQ(r.headers.at("connection"), "close");
  }
  EXPECT_EQ(server->counters().malformed, 2u);
  EXPECT_EQ(server->counters().responses[400], 2u);
  EXPECT_EQ(http_get(port, "/v1/members").code, 200);  // still serving
}

TEST_F(HttpServerTest, OversizedRequestsRejected) {
  {
    RawClient c(port);
    c.send("GET /" + std::string(20000, 'a') + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    auto raw = c.read_all();
    EXPECT_EQ(take_response(raw).code, 431);
  }
  {
    std::string many;
    for (int i = 0; i < 100; ++i) many += "X-" + std::to_string(i) + ": v\r\n";
    const auto r = http_get(port, "/v1/members", many);
    EXPECT_EQ(r.code, 431);
  }
  EXPECT_EQ(http_get(port, "/v1/stats", "Content-Length: 10\r\n").code, 413);
  EXPECT_EQ(server->counters().malformed, 3u);
}

TEST_F(HttpServerTest, KeepAliveAndPipelining) {
  RawClient c(port);
  c.send(
      "GET /v1/members HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
      "GET /v1/peers HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  std::string raw;
  ASSERT_TRUE(c.read_until("\"edges\"", raw));
  auto a = take_response(raw);
  EXPECT_EQ(a.code, 200);
  EXPECT_EQ(a.headers.at("connection"), "keep-alive");
  EXPECT_NE(a.body.find("\"members\""), std::string::npos);
  auto b = take_response(raw);
  EXPECT_EQ(b.code, 200);
  EXPECT_NE(b.body.find("\"edges\""), std::string::npos);
  c.send("GET /v1/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  raw += c.read_all();
  EXPECT_EQ(take_response(raw).code, 200);
  EXPECT_EQ(server->counters().connections, 1u);
}

TEST_F(HttpServerTest, BackendFailureIs503) {
  backend.fail = true;
  const auto r = http_get(port, "/v1/members");
  EXPECT_EQ(r.code, 503);
  EXPECT_NE(r.body.find("not answering"), std::string::npos);
  EXPECT_EQ(http_get(port, "/metrics").code, 503);
  EXPECT_EQ(server->counters().backend_errors, 2u);
  backend.fail = false;
  EXPECT_EQ(http_get(port, "/v1/members").code, 200);
}

TEST_F(HttpServerTest, SlowRequestTimesOut) {
  auto o = loopback();
  o.request_timeout = 200ms;
  server.reset();
  start(o);
  RawClient c(port);
  c.send("GET /v1/members HT");
  auto raw = c.read_all();
  EXPECT_EQ(take_response(raw).code, 408);
  EXPECT_EQ(server->counters().timeouts, 1u);
  // A connection that never says anything is closed without an answer.
  RawClient silent(port);
  EXPECT_EQ(silent.read_all(), "");
}

TEST_F(HttpServerTest, ConnectionLimit) {
  auto o = loopback();
  o.max_connections = 2;
  server.reset();
  start(o);
  RawClient a(port), b(port);
  // Both are accepted (answering proves it) before the third arrives.
  a.send("GET /v1/members HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  b.send("GET /v1/members HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  std::string ra, rb;
  ASSERT_TRUE(a.read_until("\"members\"", ra));
  ASSERT_TRUE(b.read_until("\"members\"", rb));
  // Over the cap: a 503 that says so, not an empty reply.
  RawClient c(port);
  c.send("GET /v1/members HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  std::string rc = c.read_all();
  const auto refused = take_response(rc);
  EXPECT_EQ(refused.code, 503);
  EXPECT_EQ(refused.headers.at("retry-after"), "1");
  EXPECT_EQ(refused.headers.at("connection"), "close");
  EXPECT_NE(refused.body.find("too many connections"), std::string::npos) << refused.body;
  EXPECT_EQ(server->counters().connections_rejected, 1u);
  // The refusal took no slot: once one of the two leaves, the next client is served.
  a.close();
  ASSERT_TRUE(testing::eventually(
      [&] {
        RawClient d(port);
        d.send("GET /v1/members HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        std::string rd = d.read_all();
        return rd.find("\"members\"") != std::string::npos;
      },
      5s));
}

// ---- tokens and addresses ----

TEST(HttpServerAuth, TokenEnforced) {
  FakeHttpBackend b;
  HttpServer s(b, loopback("s3cret"));
  const auto port = s.port();
  const auto no = http_get(port, "/v1/members");
  EXPECT_EQ(no.code, 401);
  EXPECT_EQ(no.headers.at("www-authenticate"), "Bearer realm=\"rumor\"");
  EXPECT_EQ(http_get(port, "/metrics").code, 401);
  EXPECT_EQ(http_get(port, "/v1/events").code, 401);
  EXPECT_EQ(http_get(port, "/v1/members", "Authorization: Bearer wrong\r\n").code, 401);
  EXPECT_EQ(http_get(port, "/v1/members?token=s3cre").code, 401);
  EXPECT_EQ(http_get(port, "/v1/members", "Authorization: Bearer s3cret\r\n").code, 200);
  EXPECT_EQ(http_get(port, "/metrics?token=s3cret").code, 200);
  EXPECT_EQ(http_get(port, "/v1/stats?x=1&token=s3cret").code, 200);
  // The dashboard's files hold no data: they load without the token.
  EXPECT_EQ(http_get(port, "/").code, 200);
  EXPECT_EQ(http_get(port, "/ui/app.js").code, 200);
  EXPECT_EQ(s.counters().unauthorized, 5u);
}

TEST(HttpServerAuth, WithoutATokenTheHostMustBeLoopback) {
  FakeHttpBackend b;
  HttpServer s(b, loopback());
  const auto port = s.port();
  auto with_host = [&](const std::string& host, const std::string& target = "/v1/members") {
    RawClient c(port);
    c.send("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    auto raw = c.read_all();
    return take_response(raw).code;
  };
  EXPECT_EQ(with_host("127.0.0.1:" + std::to_string(port)), 200);
  EXPECT_EQ(with_host("LOCALHOST:" + std::to_string(port)), 200);
  EXPECT_EQ(with_host("[::1]:" + std::to_string(port)), 200);
  EXPECT_EQ(with_host("dash.localhost"), 200);
  // DNS rebinding: another site's name resolving to us.
  EXPECT_EQ(with_host("evil.example:" + std::to_string(port)), 403);
  EXPECT_EQ(with_host("evil.example", "/metrics"), 403);
  EXPECT_EQ(with_host("evil.example", "/"), 200);  // the static page holds no data
  EXPECT_EQ(s.counters().unauthorized, 2u);
  // With a token the token decides, whatever the name.
  HttpServer t(b, loopback("tok"));
  RawClient c(t.port());
  c.send("GET /v1/members?token=tok HTTP/1.1\r\nHost: rumor.internal\r\nConnection: close\r\n\r\n");
  auto raw = c.read_all();
  EXPECT_EQ(take_response(raw).code, 200);
}

TEST(HttpServerAuth, NonLoopbackNeedsAToken) {
  FakeHttpBackend b;
  auto o = loopback();
  o.host = "0.0.0.0";
  try {
    HttpServer s(b, o);
    FAIL() << "started on 0.0.0.0 without a token";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("0.0.0.0:0"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("token"), std::string::npos) << e.what();
  }
  o.token = "t";
  HttpServer s(b, o);
  EXPECT_GT(s.port(), 0);
  EXPECT_EQ(http_get(s.port(), "/v1/members?token=t").code, 200);

  EXPECT_TRUE(is_loopback_address("127.0.0.1"));
  EXPECT_TRUE(is_loopback_address("127.9.9.9"));
  EXPECT_TRUE(is_loopback_address("::1"));
  EXPECT_TRUE(is_loopback_address("::ffff:127.0.0.1"));
  EXPECT_FALSE(is_loopback_address("::"));
  EXPECT_FALSE(is_loopback_address("10.0.0.1"));
  EXPECT_FALSE(is_loopback_address("localhost"));  // numeric addresses only
}

TEST(HttpServerAuth, AddressErrorsNameTheAddress) {
  FakeHttpBackend b;
  auto o = loopback();
  o.host = "not-an-ip";
  EXPECT_THROW((HttpServer{b, o}), std::invalid_argument);
  HttpServer first(b, loopback());
  o = loopback();
  o.port = first.port();
  try {
    HttpServer second(b, o);
    FAIL() << "bound the same port twice";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("127.0.0.1:" + std::to_string(first.port())),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(first.address(), "127.0.0.1:" + std::to_string(first.port()));
}

// ---- server-sent events ----

std::string open_stream(RawClient& c, const std::string& extra = "") {
  c.send("GET /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n");
  std::string got;
  EXPECT_TRUE(c.read_until("retry: 3000\n\n", got)) << got;
  return got;
}

TEST_F(HttpServerTest, EventsArePushedAsServerSentEvents) {
  RawClient c(port);
  auto got = open_stream(c);
  EXPECT_NE(got.find("Content-Type: text/event-stream"), std::string::npos);
  EXPECT_TRUE(testing::eventually([&] { return server->counters().event_streams == 1; }, 5s));
  backend.push(testing::user_event("deploy", "v2"));
  got.clear();
  ASSERT_TRUE(c.read_until("\n\n", got)) << got;
  ASSERT_TRUE(got.starts_with("id: 1\ndata: ")) << got;
  const auto j = json::parse(got.substr(got.find("data: ") + 6));
  EXPECT_EQ(j["type"], "user");
  EXPECT_EQ(j["name"], "deploy");
  EXPECT_EQ(j["payload"], "djI=");
  EXPECT_TRUE(testing::eventually([&] { return server->counters().events_sent == 1; }, 5s));
}

TEST_F(HttpServerTest, RecentEventsAreReplayedAndResumed) {
  for (int i = 0; i < 3; ++i) backend.push(testing::user_event("e" + std::to_string(i), ""));
  EXPECT_TRUE(testing::eventually([&] { return server->counters().events_received == 3; }, 5s));
  {
    RawClient c(port);
    auto got = open_stream(c);
    ASSERT_TRUE(c.read_until("\"e2\"", got)) << got;
    EXPECT_NE(got.find("\"e0\""), std::string::npos);
    EXPECT_NE(got.find("\"e1\""), std::string::npos);
  }
  {
    RawClient c(port);
    auto got = open_stream(c, "Last-Event-ID: 2\r\n");
    ASSERT_TRUE(c.read_until("\"e2\"", got)) << got;
    EXPECT_EQ(got.find("\"e0\""), std::string::npos);
    EXPECT_EQ(got.find("\"e1\""), std::string::npos);
  }
}

TEST_F(HttpServerTest, HeartbeatsKeepAStreamAlive) {
  auto o = loopback();
  o.heartbeat = 100ms;
  server.reset();
  start(o);
  RawClient c(port);
  auto got = open_stream(c);
  EXPECT_TRUE(c.read_until(": heartbeat\n\n", got));
}

TEST_F(HttpServerTest, StreamsAreRecycledAndResume) {
  auto o = loopback();
  o.stream_max_age = 200ms;
  server.reset();
  start(o);
  backend.push(testing::user_event("first", ""));
  RawClient c(port);
  auto got = open_stream(c);
  got += c.read_all();  // the server ends the stream
  EXPECT_NE(got.find("id: 1\n"), std::string::npos) << got;
  EXPECT_TRUE(testing::eventually([&] { return server->counters().event_streams == 0; }, 5s));
  backend.push(testing::user_event("second", ""));
  RawClient again(port);
  got = open_stream(again, "Last-Event-ID: 1\r\n");
  ASSERT_TRUE(again.read_until("\"second\"", got));
  EXPECT_EQ(got.find("\"first\""), std::string::npos);
  EXPECT_EQ(server->counters().streams_dropped, 0u);
}

TEST_F(HttpServerTest, StreamLimit) {
  auto o = loopback();
  o.max_event_streams = 1;
  server.reset();
  start(o);
  RawClient a(port);
  open_stream(a);
  EXPECT_EQ(http_get(port, "/v1/events").code, 503);
}

TEST_F(HttpServerTest, SlowStreamClientsAreDropped) {
  auto o = loopback();
  o.stream_queue_limit = 4;
  server.reset();
  start(o);
  RawClient slow(port, 5000ms, 4096);  // small receive buffer, and it never reads
  slow.send("GET /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  ASSERT_TRUE(testing::eventually([&] { return server->counters().event_streams == 1; }, 5s));
  RawClient fast(port);
  open_stream(fast);
  const std::string big(32 * 1024, 'x');
  for (int i = 0; i < 400 && server->counters().streams_dropped == 0; ++i) {
    const auto name = "big" + std::to_string(i);
    backend.push(testing::user_event(name, big));
    std::string got;  // the fast client takes each event as it comes
    ASSERT_TRUE(fast.read_until("\"" + name + "\"", got));
  }
  EXPECT_TRUE(testing::eventually([&] { return server->counters().streams_dropped == 1; }, 10s));
  EXPECT_TRUE(testing::eventually([&] { return server->counters().event_streams == 1; }, 5s));
  // The fast client is still served.
  backend.push(testing::user_event("after", ""));
  std::string tail;
  EXPECT_TRUE(fast.read_until("\"after\"", tail));
}

TEST_F(HttpServerTest, StopClosesEverythingAndUnsubscribes) {
  RawClient stream(port);
  open_stream(stream);
  RawClient idle(port);
  idle.send("GET /v1/members HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  std::string got;
  ASSERT_TRUE(idle.read_until("\"members\"", got));
  EXPECT_EQ(backend.watchers(), 1u);
  const auto t0 = std::chrono::steady_clock::now();
  server->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
  EXPECT_EQ(backend.watchers(), 0u);
  EXPECT_EQ(stream.read_all().find("data:"), std::string::npos);
  EXPECT_EQ(idle.read_all(), "");
  backend.push(testing::user_event("late", ""));  // after stop: ignored, no crash
  server->stop();                                 // idempotent
}

}  // namespace
}  // namespace rumor::agent
