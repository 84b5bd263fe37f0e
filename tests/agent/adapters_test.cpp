// The RPC and HTTP adapters over one real agent on loopback: what each protocol is told
// is the agent's answer, translated (rpc_adapter.hpp, http_adapter.hpp).
#include <gtest/gtest.h>
#include <unistd.h>

#include "agent/agent.hpp"
#include "agent/rpc_protocol.hpp"
#include "net/free_port.hpp"

namespace rumor::agent {
namespace {

class OneAgent : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cursor = static_cast<std::uint16_t>(29000 + (::getpid() % 400) * 20);
    AgentConfig c;
    c.node_name = "alpha";
    gossip_port_ = net::take_loopback_port(cursor);
    c.bind = "127.0.0.1:" + std::to_string(gossip_port_);
    c.rpc_addr = "127.0.0.1:" + std::to_string(net::take_loopback_port(cursor));
    c.log_level = "err";
    c.tags = {{"role", "web"}};
    c.event_handlers = {"user:deploy=/bin/true"};
    a_ = std::make_unique<Agent>(c);
    a_->start();
  }
  void TearDown() override { a_->shutdown(); }
  std::unique_ptr<Agent> a_;
  std::uint16_t gossip_port_ = 0;
};

TEST_F(OneAgent, TheRpcAdapterReportsRefusalsAsSerfsErrorTexts) {
  RpcBackend& rpc = a_->rpc_backend();
  EXPECT_EQ(rpc.user_event("deploy", Bytes(2000, 'x'), false).rfind("serf: ", 0), 0u);
  EXPECT_EQ(rpc.user_event("deploy", Bytes{'v', '1'}, false), "");
  EXPECT_EQ(rpc.respond(999, Bytes{'x'}), rpc::kInvalidQueryId);
  rpc::KeyResponse keys;
  EXPECT_FALSE(rpc.keys("list-keys", "", keys).empty());
  EXPECT_EQ(keys.num_err, 1);
  EXPECT_EQ(keys.messages.at("alpha"), "Keyring is empty (encryption not enabled)");
  int joined = -1;
  EXPECT_FALSE(rpc.join({"127.0.0.1:1"}, false, joined).empty());
  EXPECT_EQ(joined, 0);
}

TEST_F(OneAgent, TheRpcAdaptersInfoHasSerfsSectionsAndTheHandlers) {
  auto s = a_->rpc_backend().stats();
  EXPECT_EQ(s["agent"]["name"], "alpha");
  EXPECT_EQ(s["serf"]["members"], "1");
  EXPECT_EQ(s["serf"]["encrypted"], "false");
  EXPECT_EQ(s["tags"], (std::map<std::string, std::string>{{"role", "web"}}));
  EXPECT_EQ(s["event_handlers"]["user:deploy"], "/bin/true");
  EXPECT_FALSE(s["runtime"].empty());
}

TEST_F(OneAgent, TagsSetThroughRpcShowInTheHttpMemberList) {
  ASSERT_EQ(a_->rpc_backend().set_tags({{"zone", "z1"}}, {"role"}), "");
  const auto members = a_->http_backend().member_list();
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0].name, "alpha");
  EXPECT_EQ(members[0].status, "alive");
  EXPECT_EQ(members[0].port, gossip_port_);
  EXPECT_EQ(members[0].tags, (Tags{{"zone", "z1"}}));
  const auto rpc_members = a_->rpc_backend().members();
  ASSERT_EQ(rpc_members.size(), 1u);
  EXPECT_EQ(rpc_members[0].tags, (std::map<std::string, std::string>{{"zone", "z1"}}));
}

}  // namespace
}  // namespace rumor::agent
