// The web simulator over loopback HTTP: on its own server (`rumor sim serve`) and
// mounted in the agent's under /sim/, as `rumor agent` mounts it.
#include "websim/server.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "agent/http_server.hpp"
#include "agent/http_test_support.hpp"
#include "websim/api.hpp"

namespace rumor::websim {
namespace {

using json = nlohmann::json;
using testing::http_get;

http::ServerOptions loopback() {
  http::ServerOptions o;
  o.port = 0;
  return o;
}

TEST(WebSimServer, ServesThePageAndTheApi) {
  Server server(loopback());
  EXPECT_EQ(server.url(), "http://127.0.0.1:" + std::to_string(server.port()) + "/");
  auto r = http_get(server.port(), "/");
  ASSERT_EQ(r.code, 200);
  EXPECT_NE(r.body.find("<svg id=\"graph\""), std::string::npos);
  EXPECT_NE(r.headers["content-security-policy"].find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(http_get(server.port(), "/app.js").code, 200);

  r = http_get(server.port(), "/api/sessions?engine=lab&nodes=40&mode=push", "", "POST");
  ASSERT_EQ(r.code, 200) << r.body;
  const std::string id = json::parse(r.body)["session"];
  r = http_get(server.port(), "/api/sessions/" + id + "/infect?node=0", "", "POST");
  ASSERT_EQ(r.code, 200) << r.body;
  r = http_get(server.port(), "/api/sessions/" + id + "/step?count=1", "", "POST");
  ASSERT_EQ(r.code, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["cycle"], 1);

  r = http_get(server.port(), "/api/sessions?nodes=-3", "", "POST");
  EXPECT_EQ(r.code, 400);
  EXPECT_EQ(json::parse(r.body)["field"], "nodes");
}

TEST(WebSimServer, TheApiRefusesAForeignHost) {
  Server server(loopback());
  testing::RawClient c(server.port());
  c.send("POST /api/sessions HTTP/1.1\r\nHost: rebind.example\r\nConnection: close\r\n\r\n");
  auto raw = c.read_all();
  EXPECT_EQ(testing::take_response(raw).code, 403) << "DNS rebinding guard";
}

TEST(WebSimServer, MountedInTheAgentUnderSim) {
  testing::FakeHttpBackend backend;
  Api simulator;
  agent::HttpServerOptions o;
  o.port = 0;
  o.mounts.push_back(simulator.mount("/sim"));
  agent::HttpServer server(backend, o);
  auto r = http_get(server.port(), "/sim/");
  ASSERT_EQ(r.code, 200);
  EXPECT_NE(r.body.find("gossip simulator"), std::string::npos);
  r = http_get(server.port(), "/sim/api/sessions?engine=lab&nodes=20", "", "POST");
  ASSERT_EQ(r.code, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["params"]["nodes"], 20);
  EXPECT_EQ(http_get(server.port(), "/v1/members", "", "POST").code, 405)
      << "the agent's own routes keep their rules";
}

}  // namespace
}  // namespace rumor::websim
