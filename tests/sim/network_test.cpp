// The network model's rules and statistics, with fixed seeds.
#include "sim/network.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace rumor::sim {
namespace {

using namespace std::chrono_literals;

double mean_latency_us(const LatencyModel& m, int samples, core::Duration* lo = nullptr,
                       core::Duration* hi = nullptr) {
  core::Rng rng(11);
  double sum = 0;
  core::Duration mn = core::Duration::max(), mx = core::Duration::min();
  for (int i = 0; i < samples; ++i) {
    const core::Duration d = m.sample(rng);
    sum += static_cast<double>(d.count());
    mn = std::min(mn, d);
    mx = std::max(mx, d);
  }
  if (lo) *lo = mn;
  if (hi) *hi = mx;
  return sum / samples;
}

TEST(Latency, WithoutJitterEveryPacketTakesTheBaseLatency) {
  core::Duration lo, hi;
  mean_latency_us({1000us, 500us, JitterKind::none}, 1000, &lo, &hi);
  EXPECT_EQ(lo, 1000us);
  EXPECT_EQ(hi, 1000us);
}

TEST(Latency, ExponentialJitterHasTheConfiguredMean) {
  core::Duration lo, hi;
  const double mean = mean_latency_us({1000us, 500us, JitterKind::exponential}, 200000, &lo, &hi);
  EXPECT_NEAR(mean, 1500.0, 10.0);
  EXPECT_GE(lo, 1000us);
  EXPECT_GT(hi, 3000us);  // a long tail: mean + 4 sigma is reached in 200k draws
}

TEST(Latency, UniformJitterStaysWithinTwiceTheMean) {
  core::Duration lo, hi;
  const double mean = mean_latency_us({1000us, 500us, JitterKind::uniform}, 200000, &lo, &hi);
  EXPECT_NEAR(mean, 1500.0, 5.0);
  EXPECT_GE(lo, 1000us);
  EXPECT_LT(hi, 2000us);
}

TEST(Latency, TheSameSeedDrawsTheSameLatencies) {
  const LatencyModel m = LatencyModel::for_profile(core::Profile::lan);
  core::Rng a(5), b(5);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(m.sample(a), m.sample(b));
}

double delivered_share(const NetworkModel& net, NodeId from, NodeId to, int n = 100000) {
  core::Rng rng(3);
  int ok = 0;
  for (int i = 0; i < n; ++i) ok += net.packet(from, to, 100, rng) == Verdict::deliver;
  return static_cast<double>(ok) / n;
}

TEST(Loss, UniformLossDropsThatShareOfPackets) {
  NetworkOptions o;
  o.loss = 0.1;
  NetworkModel net(o);
  EXPECT_NEAR(delivered_share(net, 0, 1), 0.9, 0.005);
}

TEST(Loss, NoLossDeliversEverything) {
  NetworkModel net;
  EXPECT_EQ(delivered_share(net, 0, 1, 1000), 1.0);
}

TEST(Loss, PerNodeInboundAndOutboundLossCompose) {
  NetworkModel net;
  net.resize(3);
  net.set_outbound_loss(0, 0.5);
  net.set_inbound_loss(1, 0.5);
  EXPECT_NEAR(delivered_share(net, 0, 1), 0.25, 0.005);  // both apply
  EXPECT_NEAR(delivered_share(net, 0, 2), 0.5, 0.005);   // outbound only
  EXPECT_NEAR(delivered_share(net, 2, 1), 0.5, 0.005);   // inbound only
  EXPECT_EQ(delivered_share(net, 2, 0, 1000), 1.0);      // neither
}

TEST(Loss, LinkLossIsDirectional) {
  NetworkModel net;
  net.set_link_loss(0, 1, 1.0);
  EXPECT_EQ(delivered_share(net, 0, 1, 1000), 0.0);
  EXPECT_EQ(delivered_share(net, 1, 0, 1000), 1.0);
}

TEST(Mtu, PacketsOverTheMtuAreDroppedAndAtTheMtuDelivered) {
  NetworkOptions o;
  o.mtu = 1500;
  NetworkModel net(o);
  core::Rng rng(1);
  EXPECT_EQ(net.packet(0, 1, 1500, rng), Verdict::deliver);
  EXPECT_EQ(net.packet(0, 1, 1501, rng), Verdict::too_big);
}

TEST(Partition, NodesInDifferentGroupsCannotTalkAndHealRestoresThem) {
  NetworkModel net;
  net.partition({0, 0, 1, 1});
  core::Rng rng(1);
  EXPECT_EQ(net.packet(0, 1, 10, rng), Verdict::deliver);
  EXPECT_EQ(net.packet(0, 2, 10, rng), Verdict::partitioned);
  EXPECT_EQ(net.packet(3, 1, 10, rng), Verdict::partitioned);
  EXPECT_TRUE(net.connected(2, 3));
  EXPECT_FALSE(net.connected(1, 2));
  net.heal();
  EXPECT_TRUE(net.connected(1, 2));
  EXPECT_EQ(net.packet(0, 2, 10, rng), Verdict::deliver);
}

TEST(Partition, NodesBeyondTheGroupListAreInGroupZero) {
  NetworkModel net;
  net.partition({1});
  EXPECT_FALSE(net.connected(0, 5));
  EXPECT_TRUE(net.connected(4, 5));
}

TEST(Loss, LosslessPacketsDoNotConsumeRandomness) {
  NetworkModel net;
  core::Rng a(9), b(9);
  (void)net.packet(0, 1, 10, a);
  EXPECT_EQ(a.next(), b.next());
}

}  // namespace
}  // namespace rumor::sim
