#include "core/config.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "core/effects.hpp"
#include "core/node.hpp"
#include "core/nonce.hpp"

using namespace rumor::core;
using rumor::Address;
using rumor::Bytes;
using rumor::ByteView;

TEST(Config, LanProfileHasMemberlistDefaults) {
  const Config c = Config::lan();
  EXPECT_EQ(c.probe_interval, 1s);
  EXPECT_EQ(c.probe_timeout, 500ms);
  EXPECT_EQ(c.indirect_checks, 3);
  EXPECT_EQ(c.retransmit_mult, 4);
  EXPECT_EQ(c.suspicion_mult, 4);
  EXPECT_EQ(c.suspicion_max_timeout_mult, 6);
  EXPECT_EQ(c.gossip_interval, 200ms);
  EXPECT_EQ(c.gossip_nodes, 3);
  EXPECT_EQ(c.gossip_to_the_dead_time, 30s);
  EXPECT_EQ(c.push_pull_interval, 30s);
  EXPECT_EQ(c.packet_budget, 1400u);
}

TEST(Config, WanAndLocalProfilesDifferWhereMemberlistsDo) {
  const Config w = Config::wan();
  EXPECT_EQ(w.probe_interval, 5s);
  EXPECT_EQ(w.probe_timeout, 3s);
  EXPECT_EQ(w.suspicion_mult, 6);
  EXPECT_EQ(w.gossip_nodes, 4);
  EXPECT_EQ(w.push_pull_interval, 60s);
  const Config l = Config::local();
  EXPECT_EQ(l.probe_timeout, 200ms);
  EXPECT_EQ(l.indirect_checks, 1);
  EXPECT_EQ(l.retransmit_mult, 2);
  EXPECT_EQ(l.suspicion_mult, 3);
  EXPECT_EQ(l.gossip_interval, 100ms);
}

TEST(Config, ProfileNamesParse) {
  EXPECT_EQ(parse_profile("wan"), Profile::wan);
  EXPECT_EQ(parse_profile("local"), Profile::local);
  EXPECT_EQ(parse_profile("lan-fast"), Profile::lan_fast);
  EXPECT_STREQ(to_string(Profile::lan_fast), "lan-fast");
  EXPECT_FALSE(parse_profile("LAN").has_value());
}

TEST(Config, RetransmitLimitScalesWithBase10LogOfClusterSize) {
  const Config c = Config::lan();
  EXPECT_EQ(c.retransmit_limit(1), 4);      // ceil(log10 2) = 1
  EXPECT_EQ(c.retransmit_limit(9), 4);      // ceil(log10 10) = 1
  EXPECT_EQ(c.retransmit_limit(10), 8);     // ceil(log10 11) = 2
  EXPECT_EQ(c.retransmit_limit(1000), 16);  // ceil(log10 1001) = 4
}

TEST(Config, SuspicionTimeoutsFollowMemberlistFormula) {
  const Config c = Config::lan();
  EXPECT_EQ(c.suspicion_min(5), 4s);  // log10(5) < 1 -> scale 1
  EXPECT_EQ(c.suspicion_min(1000), 12s);
  EXPECT_EQ(c.suspicion_max(1000), 72s);
  EXPECT_EQ(c.suspicion_min(100), 8s);
}

TEST(Config, ExpectedConfirmationsAreZeroInTinyClusters) {
  const Config c = Config::lan();
  EXPECT_EQ(c.suspicion_confirmations(100), 2);
  EXPECT_EQ(c.suspicion_confirmations(4), 2);
  EXPECT_EQ(c.suspicion_confirmations(3), 0);
}

// lan-fast: Lifeguard's faster tuning. A suspicion three members confirm ends after
// half lan's minimum; one nobody confirms waits as long as lan's maximum.
TEST(Config, LanFastHalvesTheMinimumSuspicionAndKeepsTheMaximum) {
  const Config lan = Config::lan(), fast = Config::lan_fast();
  EXPECT_EQ(fast.suspicion_min(32), lan.suspicion_min(32) / 2);
  EXPECT_EQ(fast.suspicion_max(32), lan.suspicion_max(32));
  EXPECT_EQ(fast.suspicion_confirmations(32), 3);
  EXPECT_EQ(fast.suspicion_confirmations(4), 0);  // fewer than 3 others to confirm
  EXPECT_EQ(lan.suspicion_confirmations(32), 2);  // memberlist's suspicion_mult - 2
  // Probing and gossip keep lan's timings; fresh news is gossiped at once.
  EXPECT_EQ(fast.probe_interval, lan.probe_interval);
  EXPECT_EQ(fast.probe_timeout, lan.probe_timeout);
  EXPECT_EQ(fast.gossip_interval, lan.gossip_interval);
  EXPECT_EQ(fast.eager_gossip_interval, fast.gossip_interval);
  EXPECT_EQ(lan.eager_gossip_interval, Duration::zero());
}

TEST(Config, PushPullIntervalGrowsAbove32Nodes) {
  const Config c = Config::lan();
  EXPECT_EQ(c.push_pull_period(32), 30s);
  EXPECT_EQ(c.push_pull_period(33), 60s);     // ceil(log2 33 - 5) + 1 = 2
  EXPECT_EQ(c.push_pull_period(1000), 180s);  // ceil(9.97 - 5) + 1 = 6
}

namespace {
Config with_keyring() {
  Config c = Config::lan();
  c.encryption.keyring =
      std::make_shared<rumor::codec::Keyring>(*rumor::codec::Keyring::create(Bytes(16, 1)));
  c.encryption.nonce = seeded_nonces(1);
  return c;
}
struct NoEffects : Effects {
  void send_packet(const Address&, ByteView) override {}
  void open_stream(StreamId, const Address&, ByteView, bool, Time) override {}
  void reply_stream(StreamId, ByteView) override {}
};
}  // namespace

TEST(Config, TheProfilesAndAKeyringWithANonceSourceAreValid) {
  for (Profile p : {Profile::lan, Profile::wan, Profile::local, Profile::lan_fast})
    EXPECT_FALSE(Config::for_profile(p).validate().has_value());
  EXPECT_FALSE(with_keyring().validate().has_value());
  Config step1 = with_keyring();  // rolling upgrade, step 1
  step1.encryption.verify_incoming = false;
  step1.encryption.verify_outgoing = false;
  EXPECT_FALSE(step1.validate().has_value());
}

TEST(Config, AKeyringWithoutANonceSourceIsRefusedByTheNode) {
  Config c = with_keyring();
  c.encryption.nonce = nullptr;
  ASSERT_TRUE(c.validate().has_value());
  EXPECT_NE(c.validate()->find("encryption.nonce"), std::string::npos);
  NoEffects fx;
  EXPECT_THROW(Node(c, fx, nullptr, 1), std::invalid_argument);
}

TEST(Config, RefusingPlainWhileSendingPlainIsRefused) {
  Config c = with_keyring();
  c.encryption.verify_outgoing = false;
  ASSERT_TRUE(c.validate().has_value());
  EXPECT_NE(c.validate()->find("verify_incoming"), std::string::npos);
}

TEST(Config, TheEncryptionVersionFollowsTheProtocolAsInMemberlist) {
  Config c = Config::lan();
  EXPECT_EQ(c.encryption_version(), rumor::codec::EncryptionVersion::unpadded);
  c.protocol_cur = 1;
  EXPECT_EQ(c.encryption_version(), rumor::codec::EncryptionVersion::padded);
}

TEST(Config, PulledAliveTransmitsAreACountOrMemberlistsLimit) {
  Config c = Config::lan();
  c.pulled_alive_transmits = -1;
  ASSERT_TRUE(c.validate().has_value());
  EXPECT_NE(c.validate()->find("pulled_alive_transmits"), std::string::npos);
  c.pulled_alive_transmits = 0;
  EXPECT_FALSE(c.validate().has_value());
  c.pulled_alive_transmits.reset();
  EXPECT_FALSE(c.validate().has_value());
}

TEST(Config, GossipCapacityCountsFullPacketsOfTypicalAlives) {
  const Config c = Config::lan();  // 3 peers every 200 ms, 1,400-byte packets
  EXPECT_EQ(c.gossip_capacity(std::chrono::seconds(1)), 5u * 3u * (1400u / 64u));
  EXPECT_EQ(c.gossip_capacity(Duration::zero()), 0u);
}
