// Identities and MemberTable: who members are is stored once and shared; what a node
// believes is a small record; references keep both exactly as long as someone needs them.
#include "core/identities.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <map>

#include "core/member_table.hpp"
#include "harness.hpp"

using namespace rumor;
using namespace rumor::core;
using namespace rumor::testing;

TEST(Identities, TheSameContentIsOneCardAndOtherMetaAnother) {
  Identities ids;
  const NameId n = ids.acquire_name("n1");
  const Bytes vsn{1, 5, 2, 0, 0, 0};
  const CardId a = ids.acquire_card(n, addr_of(1), {}, vsn);
  const CardId b = ids.acquire_card(n, addr_of(1), {}, vsn);
  const Bytes meta{1, 2, 3};
  const CardId c = ids.acquire_card(n, addr_of(1), meta, vsn);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_EQ(ids.cards(), 2u);
}

TEST(Identities, ANameAndItsCardsGoWhenTheLastReferenceIsReleased) {
  Identities ids;
  const NameId n = ids.acquire_name("n1");
  const CardId c = ids.acquire_card(n, addr_of(1), {}, Bytes{1, 5, 2});
  ids.release_name(n);  // the card still holds the name
  EXPECT_EQ(ids.find_name("n1"), n);
  ids.release_card(c);
  EXPECT_EQ(ids.find_name("n1"), kNoName);
  EXPECT_EQ(ids.names(), 0u);
  EXPECT_EQ(ids.cards(), 0u);
}

TEST(Identities, AnAliveAsNewsIsTheEncoderOutputAndSharedByEveryoneSpreadingIt) {
  Identities ids;
  const NameId n = ids.acquire_name("n1");
  const Bytes vsn{1, 5, 2, 0, 0, 0};
  const Bytes meta{9};
  const CardId c = ids.acquire_card(n, addr_of(3), meta, vsn);
  for (std::uint32_t inc : {1u, 1u, 300u}) {
    Bytes want;
    codec::encode(codec::Alive{inc, "n1", addr_of(3).ip, addr_of(3).port, meta, vsn}, want);
    const NewsId a = ids.acquire_alive(c, inc);
    const NewsId b = ids.acquire_alive(c, inc);
    EXPECT_EQ(a, b);
    EXPECT_EQ(ids.news_subject(a), n);
    const ByteView got = ids.news(a);
    EXPECT_EQ(Bytes(got.begin(), got.end()), want) << "incarnation " << inc;
    ids.release_news(a);
    ids.release_news(b);
  }
  EXPECT_EQ(ids.news_items(), 0u);
}

TEST(MemberTable, NodesSharingIdentitiesStoreEachMemberOnce) {
  auto ids = std::make_shared<Identities>();
  RecordingEffects fx1, fx2;
  Config c1 = NodeFixture::make_config(Config::lan()), c2 = c1;
  c2.name = "other";
  c2.advertise = addr_of(2);
  Node a(c1, fx1, nullptr, 1, ids), b(c2, fx2, nullptr, 2, ids);
  a.start(Time(0));
  b.start(Time(0));
  for (int i = 3; i < 13; ++i) {
    const Bytes p = packet_of(alive_msg("n" + std::to_string(i), i, 1));
    a.on_packet(addr_of(i), p, Time(0));
    b.on_packet(addr_of(i), p, Time(0));
  }
  EXPECT_EQ(a.num_members(), 11u);
  EXPECT_EQ(b.num_members(), 11u);
  // Ten members both know, plus each node's own card: 12, not 22.
  EXPECT_EQ(ids->cards(), 12u);
}

TEST(Identities, NewsKeepsItsSubjectsNameAfterTheMemberIsForgotten) {
  Identities ids;
  MemberTable t(ids);
  Rng rng(1);
  const NameId id = t.add("n1", Time(0), rng);
  t.set_card(id, ids.acquire_card(id, addr_of(1), {}, Bytes{1, 5, 2}));
  Bytes dead;
  codec::encode(codec::Dead{1, "n1", "n2"}, dead);
  const NewsId news = ids.acquire_news(id, dead);
  t.forget(id);
  EXPECT_EQ(ids.find_name("n1"), id) << "queued news still names it";
  ids.release_news(news);
  EXPECT_EQ(ids.names(), 0u);
  EXPECT_EQ(ids.cards(), 0u);
}

RC_GTEST_PROP(Identities, FindsExactlyTheNamesSomebodyHoldsThroughAnyChurn, ()) {
  // Many names in a small index: collisions, growth and backward-shift deletion.
  Identities ids;
  std::map<std::string, std::pair<NameId, int>> held;
  const auto steps = *rc::gen::inRange(1, 600);
  for (int i = 0; i < steps; ++i) {
    const std::string name = "n" + std::to_string(*rc::gen::inRange(0, 150));
    auto it = held.find(name);
    if (it == held.end() || *rc::gen::arbitrary<bool>()) {
      const NameId id = ids.acquire_name(name);
      if (it != held.end()) RC_ASSERT(it->second.first == id);
      auto& h = held[name];
      h.first = id;
      ++h.second;
    } else {
      ids.release_name(it->second.first);
      if (--it->second.second == 0) held.erase(it);
    }
  }
  RC_ASSERT(ids.names() == held.size());
  for (int k = 0; k <= 150; ++k) {
    const std::string name = "n" + std::to_string(k);
    auto it = held.find(name);
    RC_ASSERT(ids.find_name(name) == (it == held.end() ? kNoName : it->second.first));
    if (it != held.end()) RC_ASSERT(ids.name(it->second.first) == name);
  }
}
