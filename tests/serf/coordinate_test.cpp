// Serf's Vivaldi network coordinates: the client's properties, and the ack payload as
// real Go serf agents write it.
#include "serf/coordinate.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "codec/messages.hpp"
#include "loopback.hpp"
#include "serf/ping_payload.hpp"
#include "serf/vivaldi.hpp"
#include "support.hpp"

namespace rumor::serf {
namespace {

using namespace std::chrono_literals;
using test::hex;
using test::to_hex;

// An ack alpha sent beta in the capture (plain.vectors.txt, udp 1.001 45100->45101):
// memberlist's ack with Serf's payload, [1][coordinate].
const char* kRealAck =
    "0282a75061796c6f6164da00820184aa41646a7573746d656e74cb3eec198362344d70a54572726f72cb3ff6ef"
    "cf968cf565a6486569676874cb3ee4f8b588e368f1a356656398cbbf036f5b958402ddcbbef471dd9afefecacb"
    "befd2a22cd22d635cbbf0032e4b12b9da7cbbef4e0741e24711dcbbef344d7be770fbdcb3ef920ace66dce92cb"
    "bf012957ffc68b53a55365714e6f01";

// Both clients observe each other at `rtt`, `rounds` times.
void exchange(VivaldiClient& a, VivaldiClient& b, core::Duration rtt, int rounds) {
  for (int i = 0; i < rounds; ++i) {
    a.update("b", b.coordinate(), rtt);
    b.update("a", a.coordinate(), rtt);
  }
}

TEST(Vivaldi, ANewClientSitsAtTheOriginWithTheLargestError) {
  VivaldiClient c(CoordinateConfig{}, 1);
  EXPECT_EQ(c.coordinate().vec, std::vector<double>(8, 0.0));
  EXPECT_EQ(c.coordinate().error, 1.5);
  EXPECT_EQ(c.coordinate().height, 10.0e-6);
  EXPECT_EQ(c.coordinate().adjustment, 0.0);
}

TEST(Vivaldi, TwoNodesAFixedRttApartConvergeToADistanceNearIt) {
  VivaldiClient a(CoordinateConfig{}, 1), b(CoordinateConfig{}, 2);
  exchange(a, b, 10ms, 200);
  const double d = distance_seconds(a.coordinate(), b.coordinate());
  EXPECT_NEAR(d, 0.010, 0.001) << "estimated " << d * 1000 << " ms";
  EXPECT_LT(a.coordinate().error, 0.5) << "confidence grows with agreeing observations";
}

TEST(Vivaldi, ThreeNodesConvergeOnEveryPair) {
  // a-b 10 ms, b-c 20 ms, a-c 25 ms: a triangle, so a plane can hold it exactly.
  VivaldiClient a(CoordinateConfig{}, 1), b(CoordinateConfig{}, 2), c(CoordinateConfig{}, 3);
  for (int i = 0; i < 500; ++i) {
    a.update("b", b.coordinate(), 10ms);
    b.update("c", c.coordinate(), 20ms);
    c.update("a", a.coordinate(), 25ms);
    b.update("a", a.coordinate(), 10ms);
    c.update("b", b.coordinate(), 20ms);
    a.update("c", c.coordinate(), 25ms);
  }
  EXPECT_NEAR(distance_seconds(a.coordinate(), b.coordinate()), 0.010, 0.002);
  EXPECT_NEAR(distance_seconds(b.coordinate(), c.coordinate()), 0.020, 0.002);
  EXPECT_NEAR(distance_seconds(a.coordinate(), c.coordinate()), 0.025, 0.002);
}

TEST(Vivaldi, DistanceIsSymmetric) {
  VivaldiClient a(CoordinateConfig{}, 1), b(CoordinateConfig{}, 2), c(CoordinateConfig{}, 3);
  exchange(a, b, 7ms, 20);
  exchange(b, c, 31ms, 20);
  for (const auto* x : {&a, &b, &c})
    for (const auto* y : {&a, &b, &c})
      EXPECT_EQ(distance_seconds(x->coordinate(), y->coordinate()),
                distance_seconds(y->coordinate(), x->coordinate()));
}

TEST(Vivaldi, DistanceAddsBothAdjustmentsUnlessThatTurnsNegative) {
  Coordinate a{{0.003, 0.004}, 0.1, 0.001, 0.0}, b{{0, 0}, 0.1, 0.002, 0.0};
  EXPECT_DOUBLE_EQ(raw_distance(a, b), 0.005);
  EXPECT_DOUBLE_EQ(distance_seconds(a, b), 0.008);
  a.adjustment = b.adjustment = -0.004;  // would go below zero: the raw distance
  EXPECT_DOUBLE_EQ(distance_seconds(a, b), 0.005);
}

TEST(Vivaldi, DistancesAreWholeNanosecondsAsGosDurationHoldsThem) {
  Coordinate a{{1.0e-9 * 1.75}, 0, 0, 0}, b{{0.0}, 0, 0, 0};
  EXPECT_DOUBLE_EQ(distance_seconds(a, b), 1.0e-9) << "1.75 ns truncates to 1 ns";
}

TEST(Vivaldi, CoincidingNodesArePushedApartInSomeDirection) {
  VivaldiClient a(CoordinateConfig{}, 1), b(CoordinateConfig{}, 2);
  ASSERT_TRUE(a.update("b", b.coordinate(), 10ms));
  double moved = 0;
  for (double x : a.coordinate().vec) moved += x * x;
  EXPECT_GT(moved, 0.0);
}

TEST(Vivaldi, RefusesWhatGoRefuses) {
  VivaldiClient c(CoordinateConfig{}, 1);
  const Coordinate before = c.coordinate();
  Coordinate four_d = Coordinate::origin(CoordinateConfig{});
  four_d.vec.resize(4);
  EXPECT_FALSE(c.update("x", four_d, 10ms)) << "other dimensions";
  Coordinate nan = Coordinate::origin(CoordinateConfig{});
  nan.vec[2] = std::nan("");
  EXPECT_FALSE(c.update("x", nan, 10ms)) << "not a number";
  const Coordinate ok = Coordinate::origin(CoordinateConfig{});
  EXPECT_FALSE(c.update("x", ok, 11s)) << "an RTT beyond 10 s";
  EXPECT_FALSE(c.update("x", ok, -1ms)) << "a negative RTT";
  EXPECT_EQ(c.coordinate(), before);
  EXPECT_EQ(c.nodes_sampled(), 0u);
}

TEST(Vivaldi, OneSlowProbeDoesNotMoveAnEstimateMuch) {
  // The per-peer median of the last three samples rides out a single outlier.
  VivaldiClient a(CoordinateConfig{}, 1), b(CoordinateConfig{}, 2);
  exchange(a, b, 10ms, 200);
  a.update("b", b.coordinate(), 900ms);
  EXPECT_NEAR(distance_seconds(a.coordinate(), b.coordinate()), 0.010, 0.001);
}

TEST(Vivaldi, ForgettingANodeDropsItsSamples) {
  VivaldiClient a(CoordinateConfig{}, 1), b(CoordinateConfig{}, 2);
  exchange(a, b, 10ms, 3);
  ASSERT_EQ(a.nodes_sampled(), 1u);
  a.forget("b");
  EXPECT_EQ(a.nodes_sampled(), 0u);
}

TEST(PingPayload, AGoAckPayloadDecodesAndEncodesBackToTheSameBytes) {
  const Bytes wire = hex(kRealAck);
  ASSERT_EQ(wire[0], 2) << "an ack";
  auto ack = codec::decode_ack(ByteView(wire).subspan(1));
  ASSERT_TRUE(ack.ok());
  ASSERT_EQ(ack->payload.size(), 130u);
  EXPECT_EQ(ack->payload[0], kPingVersion);

  auto coord = decode_ping_payload(ack->payload);
  ASSERT_TRUE(coord.ok());
  EXPECT_EQ(coord->vec.size(), 8u);
  EXPECT_TRUE(coord->valid());
  EXPECT_GT(coord->error, 1.0);
  EXPECT_LE(coord->error, 1.5);
  EXPECT_EQ(to_hex(encode_ping_payload(*coord)), to_hex(ack->payload));

  // And the whole ack, payload included, re-encodes to what Go sent.
  Bytes again;
  codec::encode(*ack, again);
  EXPECT_EQ(to_hex(again), kRealAck);
}

TEST(PingPayload, TheOriginEncodesAsGoWritesItsZeroAdjustmentAndMinimumHeight) {
  const Bytes p = encode_ping_payload(Coordinate::origin(CoordinateConfig{}));
  std::string want =
      "01"
      "84"
      "aa41646a7573746d656e74cb0000000000000000"  // Adjustment 0
      "a54572726f72cb3ff8000000000000"            // Error 1.5
      "a6486569676874cb3ee4f8b588e368f1"          // Height 10e-6
      "a356656398";                               // Vec: 8 float64s
  for (int i = 0; i < 8; ++i) want += "cb0000000000000000";
  EXPECT_EQ(to_hex(p), want);
}

TEST(PingPayload, DecodingToleratesKeyOrderAndUnknownKeysAndRefusesOtherVersions) {
  // {Vec: [0.5], Extra: 1, Error: 1.0}: reordered, an unknown key, missing ones zero.
  const Bytes body =
      hex("83a356656391cb3fe0000000000000a54578747261 01 a54572726f72cb3ff0000000000000");
  Bytes payload{kPingVersion};
  payload.insert(payload.end(), body.begin(), body.end());
  auto c = decode_ping_payload(payload);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->vec, std::vector<double>{0.5});
  EXPECT_EQ(c->error, 1.0);
  EXPECT_EQ(c->height, 0.0);

  payload[0] = 2;
  EXPECT_FALSE(decode_ping_payload(payload).ok()) << "another ping version";
  EXPECT_FALSE(decode_ping_payload({}).ok()) << "no payload: a peer without coordinates";
}

TEST(SerfCoordinates, MembersLearnEachOthersCoordinatesFromProbeAcks) {
  test::Loopback net;  // 1 ms a hop: every round trip is 2 ms
  for (int i = 0; i < 3; ++i) net.add("n" + std::to_string(i));
  net.start_and_join_all();
  net.run_for(60s);
  const Serf& n0 = *net.peer("n0").serf;
  ASSERT_NE(n0.cached_coordinate("n0"), nullptr) << "our own, as Go caches it";
  EXPECT_EQ(*n0.cached_coordinate("n0"), n0.coordinate());
  for (const char* other : {"n1", "n2"}) {
    const Coordinate* c = n0.cached_coordinate(other);
    ASSERT_NE(c, nullptr) << other;
    const double d = distance_seconds(n0.coordinate(), *c);
    EXPECT_GT(d, 0.0005) << other;
    EXPECT_LT(d, 0.008) << other << ": " << d * 1000 << " ms for a 2 ms round trip";
  }
  EXPECT_EQ(n0.cached_coordinate("nobody"), nullptr);
}

TEST(SerfCoordinates, ADepartedMembersCoordinateIsForgotten) {
  test::Loopback net;
  for (int i = 0; i < 3; ++i) net.add("n" + std::to_string(i));
  net.start_and_join_all();
  net.run_for(30s);
  Serf& n0 = *net.peer("n0").serf;
  ASSERT_NE(n0.cached_coordinate("n2"), nullptr);
  net.crash("n2");
  net.run_for(30s);  // suspected, then failed
  ASSERT_TRUE(n0.force_leave("n2", /*prune=*/true, net.now()).ok());
  net.run_for(20s);  // the next reap tick (15 s)
  EXPECT_EQ(n0.cached_coordinate("n2"), nullptr);
  EXPECT_NE(n0.cached_coordinate("n1"), nullptr);
}

TEST(SerfCoordinates, WithCoordinatesDisabledAcksCarryNoPayloadAndNothingIsCached) {
  test::Loopback net;
  for (int i = 0; i < 2; ++i)
    net.add("n" + std::to_string(i), {}, [](Config& c) { c.disable_coordinates = true; });
  net.start_and_join_all();
  net.run_for(20s);
  EXPECT_EQ(net.peer("n0").serf->cached_coordinate("n1"), nullptr);
  EXPECT_EQ(net.peer("n0").serf->cached_coordinates(), 0u);
}

}  // namespace
}  // namespace rumor::serf
