// What the node measures about itself: probe round-trip times and traffic per member.
// Recording them must not change what the node does.
#include <gtest/gtest.h>

#include <numeric>

#include "harness.hpp"

using namespace rumor;
using namespace rumor::testing;
using codec::MessageType;

namespace {
// Runs the node's timers one deadline at a time until it pings someone; `f.now` is then
// the moment the ping left.
std::optional<codec::Ping> ping_sent_now(NodeFixture& f) {
  for (int i = 0; i < 100; ++i) {
    f.clear();
    f.now = f.node.next_deadline();
    f.node.on_timeout(f.now);
    for (const auto& m : of_type(f.sent(), MessageType::ping))
      if (auto p = codec::decode_ping(m.body)) return *p;
  }
  return std::nullopt;
}

Config with_peer_traffic() {
  Config c = Config::lan();
  c.peer_traffic = true;
  return c;
}

const PeerTraffic* row_of(const std::vector<PeerTraffic>& rows, const std::string& name) {
  for (const auto& r : rows)
    if (r.name == name) return &r;
  return nullptr;
}

struct Sums {
  std::uint64_t msgs_out = 0, msgs_in = 0, bytes_out = 0, bytes_in = 0;
};
Sums sum_rows(const std::vector<PeerTraffic>& rows) {
  Sums s;
  for (const auto& r : rows) {
    s.msgs_out += r.msgs_out;
    s.msgs_in += r.msgs_in;
    s.bytes_out += r.bytes_out;
    s.bytes_in += r.bytes_in;
  }
  return s;
}
Sums sum_stats(const Stats& st) {
  auto total = [](const auto& a) { return std::accumulate(a.begin(), a.end(), std::uint64_t{0}); };
  return {total(st.msgs_out), total(st.msgs_in), st.packet_bytes_out + st.stream_bytes_out,
          st.packet_bytes_in + st.stream_bytes_in};
}
}  // namespace

TEST(ProbeRtt, AnAckThreeMillisecondsAfterThePingLandsInTheFiveMillisecondBucket) {
  NodeFixture f(1);
  auto ping = ping_sent_now(f);
  ASSERT_TRUE(ping);
  f.now += 3ms;
  f.inject(codec::Ack{ping->seq_no, {}});

  const RttHistogram& h = f.node.stats().probe_rtt;
  EXPECT_EQ(h.count(), 1u);
  EXPECT_EQ(RttHistogram::kBounds[3], 5ms);
  EXPECT_EQ(h.counts[3], 1u) << "2.5 ms < 3 ms <= 5 ms";
  EXPECT_EQ(h.sum_us, 3000u);
}

TEST(ProbeRtt, BucketsIncludeTheirUpperBoundAndTheLastOneTakesTheSlowest) {
  RttHistogram h;
  h.record(1ms);  // exactly a bound: that bucket (Prometheus' le)
  h.record(2s);   // beyond every bound
  EXPECT_EQ(h.counts[1], 1u);
  EXPECT_EQ(h.counts.back(), 1u);
  EXPECT_EQ(h.count(), 2u);
  EXPECT_EQ(h.sum_us, 2'001'000u);
}

TEST(ProbeRtt, TheDelegateHearsTheRoundTripAndTheAckPayload) {
  NodeFixture f(1);
  auto ping = ping_sent_now(f);
  ASSERT_TRUE(ping);
  f.now += 7ms;
  f.inject(codec::Ack{ping->seq_no, {1, 2, 3}});
  ASSERT_EQ(f.delegate.pings_completed.size(), 1u);
  EXPECT_EQ(f.delegate.pings_completed[0].name, "n2");
  EXPECT_EQ(f.delegate.pings_completed[0].rtt, 7ms);
  EXPECT_EQ(f.delegate.pings_completed[0].payload, (Bytes{1, 2, 3}));
}

TEST(ProbeRtt, AnAckAfterIndirectPingsWentOutIsNotMeasured) {
  NodeFixture f(4);
  auto ping = ping_sent_now(f);
  ASSERT_TRUE(ping);
  f.advance(f.node.config().probe_timeout);   // the indirect phase starts
  f.inject(codec::Ack{ping->seq_no, {}}, 3);  // possibly relayed: its time includes the relay
  EXPECT_EQ(f.node.stats().probe_rtt.count(), 0u);
  EXPECT_TRUE(f.delegate.pings_completed.empty()) << "memberlist notifies direct acks only";
  EXPECT_EQ(f.node.stats().probe_failures, 0u) << "the ack still counts for the probe";
}

TEST(ProbeRtt, OurAcksCarryTheDelegatesPayload) {
  struct Payload : RecordingDelegate {
    Bytes ack_payload() override { return {0x01, 0x80}; }
  };
  Payload d;
  RecordingEffects fx;
  Node node(NodeFixture::make_config(Config::lan()), fx, &d, 1);
  node.start(Time{0});
  node.on_packet(addr_of(2), packet_of(codec::Ping{9, "self", {}, {}, 0}), Time{0});
  auto acks = of_type(messages_in(fx.packets), MessageType::ack);
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_EQ(codec::decode_ack(acks[0].body)->payload, (Bytes{0x01, 0x80}));
}

TEST(PeerTraffic, IsNotKeptUnlessAskedFor) {
  NodeFixture f(3);
  f.auto_ack = true;
  f.advance(5s);
  EXPECT_TRUE(f.node.peer_traffic().empty());
}

TEST(PeerTraffic, HasOneRowPerMemberButUs) {
  NodeFixture f(3, with_peer_traffic());
  const auto rows = f.node.peer_traffic();
  ASSERT_EQ(rows.size(), 3u);
  for (const char* name : {"n2", "n3", "n4"}) {
    const PeerTraffic* r = row_of(rows, name);
    ASSERT_NE(r, nullptr) << name;
    EXPECT_EQ(r->address, addr_of(std::stoi(std::string(name).substr(1))));
  }
}

TEST(PeerTraffic, PerMemberCountersAddUpToTheTotals) {
  NodeFixture f(4, with_peer_traffic());
  f.auto_ack = true;  // acks come back from each target's address
  const Sums rows0 = sum_rows(f.node.peer_traffic());
  const Sums stats0 = sum_stats(f.node.stats());
  f.inject(codec::Ping{5, "self", {}, {}, 0}, 3);  // a ping from n3, answered to n3
  f.advance(20s);  // probes, gossip, a push/pull (a stream to a member)

  const Sums rows = sum_rows(f.node.peer_traffic());
  const Sums stats = sum_stats(f.node.stats());
  ASSERT_GT(f.node.stats().streams_out, 0u) << "the run should include a stream";
  EXPECT_GT(rows.msgs_out - rows0.msgs_out, 20u);
  EXPECT_EQ(rows.msgs_out - rows0.msgs_out, stats.msgs_out - stats0.msgs_out);
  EXPECT_EQ(rows.msgs_in - rows0.msgs_in, stats.msgs_in - stats0.msgs_in);
  EXPECT_EQ(rows.bytes_out - rows0.bytes_out, stats.bytes_out - stats0.bytes_out);
  EXPECT_EQ(rows.bytes_in - rows0.bytes_in, stats.bytes_in - stats0.bytes_in);
}

TEST(PeerTraffic, LastContactTimesAreTheInputTimes) {
  NodeFixture f(1, with_peer_traffic());
  f.now += 1234ms;
  f.inject(codec::Ping{5, "self", {}, {}, 0}, 2);  // answered at once
  const auto rows = f.node.peer_traffic();         // a copy: keep it while r points into it
  const PeerTraffic* r = row_of(rows, "n2");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->last_in, f.now);
  EXPECT_EQ(r->last_out, f.now);
}

TEST(PeerTraffic, AReapedMembersRowIsForgotten) {
  NodeFixture f(2, with_peer_traffic());
  f.auto_ack = true;
  f.inject(codec::Dead{1, "n3", "n2"});
  ASSERT_NE(row_of(f.node.peer_traffic(), "n3"), nullptr) << "dead but not yet reaped";
  // Reaped at the end of a probe pass once dead for GossipToTheDeadTime (30 s).
  f.advance(f.node.config().gossip_to_the_dead_time + 5s);
  ASSERT_FALSE(f.node.member("n3").has_value()) << "the node should have reaped n3 by now";
  const auto rows = f.node.peer_traffic();
  EXPECT_EQ(row_of(rows, "n3"), nullptr);
  EXPECT_NE(row_of(rows, "n2"), nullptr);
  EXPECT_EQ(rows.size(), 1u);
}

TEST(PeerTraffic, AMemberThatMovesTakesItsRowToTheNewAddress) {
  NodeFixture f(1, with_peer_traffic());
  f.inject(codec::Dead{1, "n2", "n2"});  // n2 leaves...
  f.inject(alive_msg("n2", 9, 2));       // ...and comes back elsewhere
  const auto rows = f.node.peer_traffic();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].name, "n2");
  EXPECT_EQ(rows[0].address, addr_of(9));
}

TEST(PeerTraffic, CountingChangesNothingTheNodeSends) {
  // The simulator's trace hash must not move: same seed, same inputs, same bytes out.
  NodeFixture plain(4), counting(4, with_peer_traffic());
  for (NodeFixture* f : {&plain, &counting}) {
    f->auto_ack = true;
    f->inject(codec::Suspect{1, "n3", "n2"});
    f->advance(40s);
  }
  ASSERT_EQ(plain.fx.packets.size(), counting.fx.packets.size());
  for (std::size_t i = 0; i < plain.fx.packets.size(); ++i) {
    EXPECT_EQ(plain.fx.packets[i].to, counting.fx.packets[i].to);
    EXPECT_EQ(plain.fx.packets[i].bytes, counting.fx.packets[i].bytes) << "packet " << i;
  }
  EXPECT_EQ(plain.fx.streams.size(), counting.fx.streams.size());
  EXPECT_FALSE(counting.node.peer_traffic().empty());
}
