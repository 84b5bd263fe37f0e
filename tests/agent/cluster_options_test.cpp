// The agent's configuration as cluster options (agent/cluster_options.hpp): each setting
// lands where the cluster reads it, and a bad address names its key.
#include "agent/cluster_options.hpp"

#include <gtest/gtest.h>

namespace rumor::agent {
namespace {

AgentConfig named(const std::string& name) {
  AgentConfig c;
  c.node_name = name;
  return c;
}

TEST(ClusterOptions, TheProfileAndNodeNameComeFromTheConfig) {
  AgentConfig c = named("web-1");
  c.profile = core::Profile::wan;
  const auto opt = cluster_options(c, nullptr, "10.0.0.5");
  EXPECT_EQ(opt.config.memberlist.name, "web-1");
  EXPECT_EQ(opt.config.memberlist.probe_interval, core::Config::wan().probe_interval);
  EXPECT_EQ(opt.config.memberlist.gossip_interval, core::Config::wan().gossip_interval);
  EXPECT_TRUE(opt.config.memberlist.peer_traffic);
}

TEST(ClusterOptions, AWildcardBindAdvertisesTheInterfaceAddress) {
  AgentConfig c = named("n");
  c.bind = "0.0.0.0:8000";
  const auto opt = cluster_options(c, nullptr, "10.0.0.5");
  EXPECT_EQ(opt.transport.bind_host, "0.0.0.0");
  EXPECT_EQ(opt.transport.bind_port, 8000);
  EXPECT_EQ(opt.transport.advertise_host, "10.0.0.5");
}

TEST(ClusterOptions, AnAdvertiseAddressWinsAndTakesTheBindPortWhenItHasNone) {
  AgentConfig c = named("n");
  c.bind = "0.0.0.0:8000";
  c.advertise = "192.0.2.7";
  const auto opt = cluster_options(c, nullptr, "10.0.0.5");
  EXPECT_EQ(opt.transport.advertise_host, "192.0.2.7");
  EXPECT_EQ(opt.transport.advertise_port, 8000);
}

TEST(ClusterOptions, ASpecificBindIsAdvertisedAsItIs) {
  AgentConfig c = named("n");
  c.bind = "127.0.0.2:7946";
  const auto opt = cluster_options(c, nullptr, "10.0.0.5");
  EXPECT_EQ(opt.transport.bind_host, "127.0.0.2");
  EXPECT_TRUE(opt.transport.advertise_host.empty());
}

// The key a ConfigError from cluster_options names, or "" if it accepted the config.
std::string refused_key(const AgentConfig& c) {
  try {
    (void)cluster_options(c, nullptr, "");
  } catch (const ConfigError& e) {
    return e.key();
  }
  return "";
}

TEST(ClusterOptions, AnAddressThatDoesNotParseNamesItsKey) {
  AgentConfig c = named("n");
  c.bind = "not an address";
  EXPECT_EQ(refused_key(c), "bind");
  c.bind = "0.0.0.0:7946";
  c.advertise = "[::1";
  EXPECT_EQ(refused_key(c), "advertise");
  c.advertise.clear();
  EXPECT_EQ(refused_key(c), "");
}

TEST(ClusterOptions, EagerGossipOffIsZeroAndOnIsOneRoundPerGossipInterval) {
  AgentConfig c = named("n");
  c.profile = core::Profile::lan;  // a profile without eager rounds of its own
  c.eager_gossip = true;
  auto opt = cluster_options(c, nullptr, "");
  EXPECT_EQ(opt.config.memberlist.eager_gossip_interval, opt.config.memberlist.gossip_interval);
  c.eager_gossip = false;
  opt = cluster_options(c, nullptr, "");
  EXPECT_EQ(opt.config.memberlist.eager_gossip_interval, core::Duration::zero());
}

TEST(ClusterOptions, SerfsLimitsTimeoutsAndTagsAreCarriedOver) {
  AgentConfig c = named("n");
  c.tags = {{"role", "db"}};
  c.reconnect_interval = 7s;
  c.reconnect_timeout = 2h;
  c.tombstone_timeout = 3h;
  c.query_response_size_limit = 2000;
  c.query_size_limit = 3000;
  c.user_event_size_limit = 400;
  c.inject_loss = 0.25;
  const auto opt = cluster_options(c, nullptr, "");
  EXPECT_EQ(opt.config.tags, c.tags);
  EXPECT_EQ(opt.config.reconnect_interval, 7s);
  EXPECT_EQ(opt.config.reconnect_timeout, 2h);
  EXPECT_EQ(opt.config.tombstone_timeout, 3h);
  EXPECT_EQ(opt.config.query_response_size_limit, 2000u);
  EXPECT_EQ(opt.config.query_size_limit, 3000u);
  EXPECT_EQ(opt.config.user_event_size_limit, 400u);
  EXPECT_DOUBLE_EQ(opt.transport.inject_inbound_loss, 0.25);
}

TEST(ClusterOptions, EventsAreCoalescedAsSerfsAgentDoes) {
  const auto opt = cluster_options(named("n"), nullptr, "");
  EXPECT_EQ(opt.member_coalescing.period, 3s);
  EXPECT_EQ(opt.member_coalescing.quiescent, 1s);
  EXPECT_EQ(opt.user_coalescing.period, 3s);
  EXPECT_EQ(opt.user_coalescing.quiescent, 1s);
}

TEST(ClusterOptions, AKeyringTurnsEncryptionOn) {
  EXPECT_FALSE(cluster_options(named("n"), nullptr, "").config.memberlist.encryption.enabled());
  auto ring = codec::Keyring::create(Bytes(16, 7));
  ASSERT_TRUE(ring.ok());
  const auto shared = std::make_shared<codec::Keyring>(*ring);
  const auto opt = cluster_options(named("n"), shared, "");
  EXPECT_TRUE(opt.config.memberlist.encryption.enabled());
  EXPECT_EQ(opt.config.memberlist.encryption.keyring, shared);
}

}  // namespace
}  // namespace rumor::agent
