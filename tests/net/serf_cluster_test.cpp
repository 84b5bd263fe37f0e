// SerfCluster on loopback: Serf's membership, tags, user events and queries through the
// thread-safe facade, from two nodes up to fifty in one process.
#include "net/serf_cluster.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <optional>
#include <set>

#include "net/net_test_util.hpp"

namespace rumor::net {
namespace {

using namespace testing;  // NOLINT

serf::Config fast_serf_config(std::string name, serf::Tags tags = {}) {
  serf::Config c;
  c.memberlist = fast_config(std::move(name));
  c.memberlist.push_pull_interval = 1s;  // closes gaps a join burst leaves (see loopback_test)
  // Queries have no anti-entropy: with the local profile's RetransmitMult of 2 (each node
  // sends a message 4 times at 50 nodes), rumour mongering's residue left 1-5 of 50
  // nodes unreached in 4 of 6 runs. LAN's 4 (8 sends) makes the residue ~e^-8 per node,
  // still a ~2% chance per run that one of 50 misses it; 6 (12 sends) makes it ~3e-4.
  c.memberlist.retransmit_mult = 6;
  c.tags = std::move(tags);
  c.reap_interval = 1s;
  return c;
}

// Remembers what a node hears and answers every query with "<node name>:<payload>".
struct Listener {
  std::mutex mu;
  std::vector<serf::UserEvent> events;
  std::vector<serf::MemberEvent> member_events;
  std::vector<std::string> queries;
  SerfCluster* cluster = nullptr;  // set before any query can arrive (after join)
  std::string name;
  std::atomic<int> respond_failures{0};

  void on_event(const SerfEvent& e) {
    if (const auto* u = std::get_if<serf::UserEvent>(&e)) {
      std::lock_guard lock(mu);
      events.push_back(*u);
    } else if (const auto* m = std::get_if<serf::MemberEvent>(&e)) {
      std::lock_guard lock(mu);
      member_events.push_back(*m);
    } else if (const auto* q = std::get_if<ReceivedQuery>(&e)) {
      {
        std::lock_guard lock(mu);
        queries.push_back(q->name);
      }
      std::string answer = name + ":" + std::string(q->payload.begin(), q->payload.end());
      // From the loop thread respond() runs inline.
      if (!cluster || !cluster->respond(q->id, Bytes(answer.begin(), answer.end())))
        ++respond_failures;
    }
  }
  std::size_t events_named(const std::string& n) {
    std::lock_guard lock(mu);
    std::size_t k = 0;
    for (const auto& e : events) k += e.name == n;
    return k;
  }
};

struct SerfNode {
  std::unique_ptr<Listener> listener = std::make_unique<Listener>();
  std::unique_ptr<SerfCluster> cluster;
};

SerfNode start_node(const std::string& name, serf::Tags tags = {}, std::uint16_t port = 0,
                    SerfClusterOptions::Coalescing user_coalescing = {},
                    core::Duration push_pull_interval = 1s) {
  SerfNode n;
  n.listener->name = name;
  SerfClusterOptions o;
  o.config = fast_serf_config(name, std::move(tags));
  o.config.memberlist.push_pull_interval = push_pull_interval;
  o.transport.bind_host = "127.0.0.1";
  o.transport.bind_port = port;
  o.subscriber = [l = n.listener.get()](const SerfEvent& e) { l->on_event(e); };
  o.user_coalescing = user_coalescing;
  n.cluster = SerfCluster::start(std::move(o));
  n.listener->cluster = n.cluster.get();
  return n;
}

std::optional<serf::MemberStatus> status_of(SerfCluster& c, const std::string& name) {
  for (const auto& m : c.members())
    if (m.name == name) return m.status;
  return std::nullopt;
}

std::size_t count_status(SerfCluster& c, serf::MemberStatus s) {
  std::size_t n = 0;
  for (const auto& m : c.members()) n += m.status == s;
  return n;
}

Bytes bytes(std::string_view s) {
  return Bytes(s.begin(), s.end());
}

TEST(SerfCluster, TwoNodesJoinAndSeeEachOthersTags) {
  auto a = start_node("a", {{"role", "web"}});
  auto b = start_node("b", {{"role", "db"}});
  ASSERT_EQ(b.cluster->join({a.cluster->address().to_string()}), 1u);
  ASSERT_TRUE(eventually([&] { return count_status(*a.cluster, serf::MemberStatus::alive) == 2; },
                         5s, "a to see both alive"));
  for (const auto& m : a.cluster->members())
    EXPECT_EQ(m.tags.at("role"), m.name == "a" ? "web" : "db");
}

TEST(SerfCluster, TagUpdateReachesThePeer) {
  auto a = start_node("a");
  auto b = start_node("b", {{"zone", "z0"}, {"old", "x"}});
  ASSERT_EQ(b.cluster->join({a.cluster->address().to_string()}), 1u);
  ASSERT_TRUE(b.cluster->update_tags({{"zone", "z1"}}, {"old"}));
  EXPECT_TRUE(eventually(
      [&] {
        for (const auto& m : a.cluster->members())
          if (m.name == "b") return m.tags == serf::Tags{{"zone", "z1"}};
        return false;
      },
      5s, "a to see b's new tags"));
}

TEST(SerfCluster, UserEventReachesThePeerOnce) {
  auto a = start_node("a");
  auto b = start_node("b");
  ASSERT_EQ(b.cluster->join({a.cluster->address().to_string()}), 1u);
  ASSERT_TRUE(a.cluster->user_event("deploy", bytes("v1")));
  ASSERT_TRUE(eventually([&] { return b.listener->events_named("deploy") == 1; }, 5s,
                         "b to hear the event"));
  // Rebroadcasts must not deliver it again: wait out several gossip rounds.
  ASSERT_TRUE(b.cluster->user_event("marker", {}));
  ASSERT_TRUE(eventually([&] { return a.listener->events_named("marker") == 1; }, 5s,
                         "a to hear b's marker"));
  EXPECT_EQ(b.listener->events_named("deploy"), 1u);
}

TEST(SerfCluster, CoalescedUserEventsDeliverOnlyTheNewestPerName) {
  // Serf hands events learnt by push/pull to the application uncoalesced (their
  // messagePushPull carries no CC flag), so a push/pull landing between the sends and
  // the next gossip (about 1 run in 30 at a 1 s interval) would deliver all three.
  // This property is about gossip: keep push/pull out of the window.
  auto a = start_node("a", {}, 0, {2s, 500ms}, 1h);
  auto b = start_node("b", {}, 0, {}, 1h);
  ASSERT_EQ(b.cluster->join({a.cluster->address().to_string()}), 1u);
  for (const char* v : {"v1", "v2", "v3"})
    ASSERT_TRUE(b.cluster->user_event("deploy", bytes(v), /*coalesce=*/true));
  ASSERT_TRUE(b.cluster->user_event("urgent", bytes("now"), /*coalesce=*/false));
  // The uncoalesced event is delivered at once, so it arrives first.
  ASSERT_TRUE(eventually([&] { return a.listener->events_named("urgent") == 1; }, 5s,
                         "a to hear the uncoalesced event"));
  EXPECT_EQ(a.listener->events_named("deploy"), 0u);
  ASSERT_TRUE(eventually([&] { return a.listener->events_named("deploy") >= 1; }, 5s,
                         "the coalesced window to close"));
  std::lock_guard lock(a.listener->mu);
  std::vector<Bytes> deploys;
  for (const auto& e : a.listener->events)
    if (e.name == "deploy") deploys.push_back(e.payload);
  EXPECT_EQ(deploys, std::vector<Bytes>{bytes("v3")});
}

TEST(SerfCluster, OversizedUserEventIsRefused) {
  auto a = start_node("a");
  const auto st = a.cluster->user_event("big", Bytes(4096, 'x'));
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error(), serf::SerfError::too_large);
}

TEST(SerfCluster, QueryCollectsAnswerFromThePeer) {
  auto a = start_node("a");
  auto b = start_node("b");
  ASSERT_EQ(b.cluster->join({a.cluster->address().to_string()}), 1u);
  serf::QueryParams p;
  p.request_ack = true;
  p.timeout = 2s;
  auto r = a.cluster->query_collect("uptime", bytes("?"), p);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->responses.at("b"), bytes("b:?"));
  EXPECT_NE(std::find(r->acks.begin(), r->acks.end(), "b"), r->acks.end());
}

TEST(SerfCluster, RespondingToAnUnknownQueryIsRefused) {
  auto a = start_node("a");
  const auto st = a.cluster->respond(12345, bytes("x"));
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error(), serf::SerfError::unknown_query);
}

TEST(SerfCluster, GracefulLeaveShowsAsLeft) {
  auto a = start_node("a");
  auto b = start_node("b");
  ASSERT_EQ(b.cluster->join({a.cluster->address().to_string()}), 1u);
  ASSERT_TRUE(eventually([&] { return status_of(*a.cluster, "b") == serf::MemberStatus::alive; },
                         5s, "a to see b"));
  EXPECT_TRUE(b.cluster->leave(10s));
  b.cluster->shutdown();
  EXPECT_TRUE(eventually([&] { return status_of(*a.cluster, "b") == serf::MemberStatus::left; }, 5s,
                         "a to see b left"));
  // After shutdown, calls fail fast instead of hanging.
  EXPECT_THROW(b.cluster->leave(1s), CallError);
}

TEST(SerfCluster, StatsCountMembersAndClocks) {
  auto a = start_node("a");
  auto b = start_node("b");
  ASSERT_EQ(b.cluster->join({a.cluster->address().to_string()}), 1u);
  ASSERT_TRUE(a.cluster->user_event("e", {}));
  const auto st = a.cluster->stats();
  EXPECT_GE(st.members, 1u);
  EXPECT_GE(st.event_time, 1u);
  EXPECT_GE(st.member_time, 1u);
}

// Each agent saves its ring where Go serf rewrites its keyring file: after the input
// that changed it, in a loop task of its own, before it answers the key query.
TEST(SerfCluster, AChangedKeyringIsSavedBeforeTheAnswerAndAFailedSaveIsThatMembersFailure) {
  const Bytes key_a(32, 0xa1);
  const std::string key_b = "sLCwsLCwsLCwsLCwsLCwsA==";
  struct Saved {
    std::mutex mu;
    std::vector<codec::Keyring> rings;
  };
  auto start = [&](const std::string& name, Saved& saved, std::optional<std::string> failure) {
    SerfClusterOptions o;
    o.config = fast_serf_config(name);
    o.config.memberlist.encryption.keyring =
        std::make_shared<codec::Keyring>(codec::Keyring::create(key_a).value());
    o.transport.bind_host = "127.0.0.1";
    o.transport.bind_port = 0;
    o.on_keyring_changed = [&saved, failure](const codec::Keyring& r) {
      std::lock_guard lock(saved.mu);
      saved.rings.push_back(r);
      return failure;
    };
    return SerfCluster::start(std::move(o));
  };
  Saved saved_a, saved_b;
  auto a = start("a", saved_a, std::nullopt);
  auto b = start("b", saved_b, "open /etc/serf/keyring: read-only file system");
  ASSERT_EQ(b->join({a->address().to_string()}), 1u);
  ASSERT_TRUE(eventually([&] { return count_status(*a, serf::MemberStatus::alive) == 2; }, 5s,
                         "a to see both alive"));
  const auto r = a->key_query(serf::KeyOp::install, key_b);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->num_resp, 2u);
  EXPECT_EQ(r->error(), "1/2 nodes reported failure");
  EXPECT_EQ(r->messages.at("b"), "open /etc/serf/keyring: read-only file system");
  EXPECT_FALSE(r->messages.contains("a"));
  for (Saved* s : {&saved_a, &saved_b}) {
    std::lock_guard lock(s->mu);
    ASSERT_EQ(s->rings.size(), 1u);
    EXPECT_EQ(s->rings[0].keys().size(), 2u);  // A, then B installed
  }
}

// The in-process integration test: fifty Serf nodes on loopback join through
// one seed, hear one user event each, answer one query, detect a crash and see the
// crashed node come back.
TEST(SerfCluster, FiftyNodesJoinHearEventsAnswerQueriesAndDetectACrash) {
  constexpr std::size_t kNodes = 50;
  std::vector<SerfNode> nodes;
  for (std::size_t i = 0; i < kNodes; ++i) nodes.push_back(start_node("n" + std::to_string(i)));
  const std::string seed = nodes[0].cluster->address().to_string();
  for (std::size_t i = 1; i < kNodes; ++i)
    ASSERT_EQ(nodes[i].cluster->join({seed}), 1u) << "node " << i;
  auto all = [&](const std::function<bool(SerfNode&)>& pred) {
    for (auto& n : nodes)
      if (!pred(n)) return false;
    return true;
  };
  ASSERT_TRUE(eventually(
      [&] {
        return all([](SerfNode& n) {
          return count_status(*n.cluster, serf::MemberStatus::alive) == kNodes;
        });
      },
      30s, "every node to see all 50 alive"));

  ASSERT_TRUE(nodes[7].cluster->user_event("deploy", bytes("v2")));
  EXPECT_TRUE(eventually(
      [&] { return all([](SerfNode& n) { return n.listener->events_named("deploy") == 1u; }); },
      10s, "every node to hear the event exactly once"));

  serf::QueryParams p;
  p.timeout = 3s;
  auto r = nodes[3].cluster->query_collect("whoami", bytes("q"), p);
  ASSERT_TRUE(r);
  std::set<std::string> answered;
  for (const auto& [from, payload] : r->responses) {
    EXPECT_EQ(payload, bytes(from + ":q"));
    answered.insert(from);
  }
  std::string missing;
  for (std::size_t i = 0; i < kNodes; ++i)
    if (!answered.count("n" + std::to_string(i)))
      missing += " n" + std::to_string(i) + "(heard " +
                 std::to_string(nodes[i].listener->queries.size()) + ")";
  EXPECT_EQ(answered.size(), kNodes)
      << "every node, the querier included, answers; missing:" << missing;
  for (auto& n : nodes) EXPECT_EQ(n.listener->respond_failures.load(), 0);

  // Crash the last node: everyone else marks it failed.
  const std::string victim = "n" + std::to_string(kNodes - 1);
  const auto port = nodes.back().cluster->address().port;
  nodes.back().cluster->shutdown();
  nodes.pop_back();
  EXPECT_TRUE(eventually(
      [&] {
        return all([&](SerfNode& n) {
          return status_of(*n.cluster, victim) == serf::MemberStatus::failed;
        });
      },
      20s, "every node to mark the crashed node failed"));

  // It restarts on the same address and rejoins: alive everywhere again.
  nodes.push_back(start_node(victim, {}, port));
  ASSERT_EQ(nodes.back().cluster->join({seed}), 1u);
  EXPECT_TRUE(eventually(
      [&] {
        return all([&](SerfNode& n) {
          return status_of(*n.cluster, victim) == serf::MemberStatus::alive;
        });
      },
      20s, "every node to see the restarted node alive"));
}

}  // namespace
}  // namespace rumor::net
