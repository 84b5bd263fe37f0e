// The series the agent used to leave at zero: probe round trips, who gossips with whom,
// and the agent's own counters. The pure conversions first, then two real agents on
// loopback, read the way /metrics and /v1/peers read them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <thread>

#include "agent/agent.hpp"
#include "agent/http_server.hpp"
#include "agent/stats_views.hpp"
#include "net/free_port.hpp"

namespace rumor::agent {
namespace {

using namespace std::chrono_literals;

template <class Pred>
bool eventually(Pred pred, std::chrono::seconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return pred();
}

// The value of one sample line of the exposition (`name{labels} value`), or -1.
double sample(const std::string& text, const std::string& series) {
  const auto at = text.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + series.size() + 2));
}

TEST(StatsViews, ProbeRttBucketsBecomeSecondsWithTheSameCounts) {
  core::RttHistogram h;
  h.record(3ms);
  h.record(2s);
  const prom::Histogram p = probe_rtt_seconds(h);
  ASSERT_TRUE(p.valid());
  ASSERT_EQ(p.bounds.size(), 11u);
  EXPECT_DOUBLE_EQ(p.bounds.front(), 0.0005);
  EXPECT_DOUBLE_EQ(p.bounds.back(), 1.0);
  EXPECT_EQ(p.counts[3], 1u) << "3 ms: le 0.005";
  EXPECT_EQ(p.counts.back(), 1u) << "2 s: +Inf";
  EXPECT_DOUBLE_EQ(p.sum, 2.003);
}

TEST(StatsViews, EachPeerWeTalkedWithGivesAnEdgeEachWayWithItsAge) {
  net::PeerTrafficSnapshot t;
  t.now = core::Time(10s);
  core::PeerTraffic bravo{"bravo", {}, 4, 2, 400, 200, core::Time(9s), core::Time(7500ms)};
  core::PeerTraffic quiet{"charlie", {}, 1, 0, 50, 0, core::Time(1s), core::kNoContact};
  t.peers = {quiet, bravo};
  const GossipView v = gossip_view_of("alpha", t);
  ASSERT_EQ(v.edges.size(), 3u) << "charlie never wrote to us: no edge that way";
  EXPECT_EQ(v.edges[0].from, "alpha");
  EXPECT_EQ(v.edges[0].to, "bravo");
  EXPECT_EQ(v.edges[0].messages, 4u);
  EXPECT_EQ(v.edges[0].bytes, 400u);
  EXPECT_DOUBLE_EQ(v.edges[0].last_seconds_ago, 1.0);
  EXPECT_EQ(v.edges[1].to, "charlie");
  EXPECT_EQ(v.edges[2].from, "bravo");
  EXPECT_EQ(v.edges[2].to, "alpha");
  EXPECT_DOUBLE_EQ(v.edges[2].last_seconds_ago, 2.5);
}

class TwoAgents : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cursor = static_cast<std::uint16_t>(20000 + (::getpid() % 400) * 20);
    a_ = std::make_unique<Agent>(config("alpha", cursor, {}));
    a_->start();
    const std::string seed = a_->gossip_address().to_string();
    b_ = std::make_unique<Agent>(config("bravo", cursor, {seed}));
    b_->start();
  }
  void TearDown() override {
    if (b_) b_->shutdown();
    if (a_) a_->shutdown();
  }
  static AgentConfig config(const std::string& name, std::uint16_t& cursor,
                            std::vector<std::string> join) {
    AgentConfig c;
    c.node_name = name;
    c.bind = "127.0.0.1:" + std::to_string(net::take_loopback_port(cursor));
    c.rpc_addr = "127.0.0.1:" + std::to_string(net::take_loopback_port(cursor));
    c.log_level = "err";
    c.join = std::move(join);
    return c;
  }
  std::unique_ptr<Agent> a_, b_;
};

TEST_F(TwoAgents, ProbeRoundTripsAndTheGossipViewFillIn) {
  // LAN probing: one probe a second, so a few seconds give a few measured round trips.
  ASSERT_TRUE(eventually(
      [&] {
        const HttpStats st = a_->stats_snapshot();
        return st.probe_rtt && st.probe_rtt->count() >= 2;
      },
      20s));
  const HttpStats st = a_->stats_snapshot();
  ASSERT_TRUE(st.probe_rtt->valid());
  EXPECT_GT(st.probe_rtt->sum, 0.0);
  EXPECT_LT(st.probe_rtt->sum / static_cast<double>(st.probe_rtt->count()), 0.5)
      << "loopback round trips are far below half a second";

  const GossipView v = a_->gossip_view();
  bool out = false, in = false;
  for (const auto& e : v.edges) {
    if (e.from == "alpha" && e.to == "bravo") out = e.messages > 0 && e.last_seconds_ago >= 0;
    if (e.from == "bravo" && e.to == "alpha") in = e.messages > 0 && e.bytes > 0;
  }
  EXPECT_TRUE(out && in) << v.edges.size() << " edges";

  const std::string text = render_metrics(st, {});
  EXPECT_GE(sample(text, "rumor_probe_rtt_seconds_count"), 2.0);
  EXPECT_GE(sample(text, "rumor_probe_rtt_seconds_bucket{le=\"+Inf\"}"), 2.0);
  EXPECT_EQ(sample(text, "rumor_health_score"), 0.0);
  EXPECT_GE(sample(text, "rumor_suspicions_total"), 0.0);
  EXPECT_GE(sample(text, "rumor_refutations_total"), 0.0);
}

TEST_F(TwoAgents, TheAgentCountsEventsStreamsAndWhatItSent) {
  std::atomic<int> streamed{0};
  const auto rpc_stream =
      a_->subscribe_events({EventFilter{"user", ""}}, [&](const Event&) { ++streamed; });
  const auto http_watch = a_->watch_events([](const Event&) {});
  ASSERT_EQ(a_->rpc_backend().user_event("deploy", Bytes{'v', '1'}, false), "");
  auto handed = [](Agent& agent, EventType type) {
    return agent.stats_snapshot().agent.events[static_cast<std::size_t>(type)];
  };
  ASSERT_TRUE(eventually([&] { return handed(*b_, EventType::user) >= 1; }, 20s))
      << "bravo hands alpha's user event to its handlers";
  // Member events wait out the agent's coalescing (1 s of quiet, at most 3 s).
  ASSERT_TRUE(eventually([&] { return handed(*a_, EventType::member_join) >= 1; }, 20s));

  const HttpStats st = a_->stats_snapshot();
  EXPECT_EQ(st.agent.user_events_sent, 1u);
  EXPECT_GE(st.agent.events[static_cast<std::size_t>(EventType::user)], 1u);
  EXPECT_EQ(st.agent.event_streams, 1u) << "the RPC stream, not the HTTP watcher";
  const std::string text = render_metrics(st, {});
  EXPECT_EQ(sample(text, "rumor_user_events_sent_total"), 1.0);
  EXPECT_GE(sample(text, "rumor_events_total{type=\"user\"}"), 1.0);
  EXPECT_EQ(sample(text, "rumor_rpc_event_streams"), 1.0);
  EXPECT_EQ(sample(text, "rumor_queue_depth{queue=\"dispatcher\"}"), 0.0);

  a_->unsubscribe_events(rpc_stream);
  a_->http_backend().unwatch_events(http_watch);
  EXPECT_EQ(a_->stats_snapshot().agent.event_streams, 0u);
}

}  // namespace
}  // namespace rumor::agent
