// The membership rules: incarnation precedence, refutation, left versus dead.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "harness.hpp"

using namespace rumor;
using namespace rumor::testing;
using codec::MessageType;

TEST(Rules, AStartedNodeIsAliveAtIncarnationOneAndReportsItsOwnJoin) {
  NodeFixture f;
  EXPECT_EQ(f.node.self().state, MemberState::alive);
  EXPECT_EQ(f.node.self().incarnation, 1u);
  EXPECT_EQ(f.delegate.joins, std::vector<std::string>{"self"});
}

TEST(Rules, AnAliveMessageAboutAStrangerAddsItAndReportsAJoin) {
  NodeFixture f;
  f.inject(alive_msg("n2", 2, 1));
  ASSERT_TRUE(f.node.member("n2").has_value());
  EXPECT_EQ(f.node.member("n2")->state, MemberState::alive);
  EXPECT_EQ(f.node.num_alive(), 2u);
  EXPECT_EQ(f.delegate.joins.back(), "n2");
}

TEST(Rules, AnAliveMessageWithUnusableVersionsIsDropped) {
  NodeFixture f;
  auto a = alive_msg("n2", 2, 1);
  a.vsn = {3, 2, 2, 0, 0, 0};  // PMin > PMax
  f.inject(a);
  EXPECT_FALSE(f.node.member("n2").has_value());
  EXPECT_EQ(f.node.stats().dropped[static_cast<int>(DropReason::bad_version)], 1u);
}

TEST(Rules, SuspicionAtTheCurrentIncarnationMakesAMemberSuspect) {
  NodeFixture f(1);
  f.inject(codec::Suspect{1, "n2", "n3"});
  EXPECT_EQ(f.node.member("n2")->state, MemberState::suspect);
  EXPECT_EQ(f.node.num_alive(), 2u) << "suspect members still count as live";
}

TEST(Rules, SuspicionAboutAnOlderIncarnationIsIgnored) {
  NodeFixture f;
  f.inject(alive_msg("n2", 2, 5));
  f.inject(codec::Suspect{4, "n2", "n3"});
  EXPECT_EQ(f.node.member("n2")->state, MemberState::alive);
}

namespace {
// Rules tests watch one suspicion at a time: every probe of ours succeeds, so our own
// failure detector never adds or confirms a suspicion.
struct Quiet : NodeFixture {
  explicit Quiet(int peers, Config cfg = Config::lan()) : NodeFixture(peers, std::move(cfg)) {
    auto_ack = true;
  }
};
}  // namespace

TEST(Rules, ANewerAliveClearsASuspicion) {
  Quiet f(3);
  f.inject(codec::Suspect{1, "n2", "n3"});
  f.inject(alive_msg("n2", 2, 2));
  EXPECT_EQ(f.node.member("n2")->state, MemberState::alive);
  f.advance(f.node.config().suspicion_max(f.node.num_members()) + 1ms);
  ASSERT_TRUE(f.node.member("n2").has_value());
  EXPECT_NE(f.node.member("n2")->state, MemberState::dead) << "stale suspicion timer fired";
}

TEST(Rules, AnAliveAtTheSameIncarnationDoesNotClearASuspicion) {
  NodeFixture f(1);
  f.inject(codec::Suspect{1, "n2", "n3"});
  f.inject(alive_msg("n2", 2, 1));
  EXPECT_EQ(f.node.member("n2")->state, MemberState::suspect);
}

TEST(Rules, AnUnrefutedSuspicionBecomesDeathAfterTheTimeout) {
  Quiet f(3);
  f.inject(codec::Suspect{1, "n2", "n3"});
  const std::size_t n = f.node.num_members();
  const Duration max = f.node.config().suspicion_max(n);
  f.advance(max - 1ms);
  EXPECT_EQ(f.node.member("n2")->state, MemberState::suspect);
  f.advance(2ms);
  EXPECT_EQ(f.node.member("n2")->state, MemberState::dead);
  ASSERT_FALSE(f.delegate.leaves.empty());
  EXPECT_EQ(f.delegate.leaves.back(), std::make_pair(std::string("n2"), MemberState::dead));
}

TEST(Rules, ASuspicionAboutOurselvesIsRefutedWithAHigherIncarnation) {
  NodeFixture f(1);
  f.inject(codec::Suspect{1, "self", "n2"});
  EXPECT_EQ(f.node.self().state, MemberState::alive);
  EXPECT_EQ(f.node.self().incarnation, 2u);
  EXPECT_EQ(f.node.stats().refutations, 1u);
  EXPECT_EQ(f.node.health_score(), 1) << "Lifeguard: refuting raises our own health score";
  // The refutation goes out in the next gossip round.
  f.advance(1s);
  auto alives = of_type(f.sent(), MessageType::alive);
  ASSERT_FALSE(alives.empty());
  auto a = codec::decode_alive(alives.front().body);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->node, "self");
  EXPECT_EQ(a->incarnation, 2u);
}

TEST(Rules, ADeathRumourAboutOurselvesIsRefutedPastTheAccusedIncarnation) {
  NodeFixture f(1);
  f.inject(codec::Dead{7, "self", "n2"});
  EXPECT_EQ(f.node.self().state, MemberState::alive);
  EXPECT_EQ(f.node.self().incarnation, 8u);
}

TEST(Rules, ADeadMessageFromTheMemberItselfMeansLeft) {
  NodeFixture f(1);
  f.inject(codec::Dead{1, "n2", "n2"});
  EXPECT_EQ(f.node.member("n2")->state, MemberState::left);
  EXPECT_EQ(f.node.num_alive(), 1u);
}

TEST(Rules, ADeadMessageFromAnotherMemberMeansDead) {
  NodeFixture f(1);
  f.inject(codec::Dead{1, "n2", "n3"});
  EXPECT_EQ(f.node.member("n2")->state, MemberState::dead);
}

TEST(Rules, ALeftMemberIsNotResurrectedAsDeadAtTheSameIncarnation) {
  NodeFixture f(1);
  f.inject(codec::Dead{1, "n2", "n2"});
  f.inject(codec::Dead{1, "n2", "n3"});
  EXPECT_EQ(f.node.member("n2")->state, MemberState::left);
}

TEST(Rules, AMemberComesBackFromTheDeadWithAHigherIncarnation) {
  NodeFixture f(1);
  f.inject(codec::Dead{1, "n2", "n3"});
  f.inject(alive_msg("n2", 2, 1));
  EXPECT_EQ(f.node.member("n2")->state, MemberState::dead);
  f.inject(alive_msg("n2", 2, 2));
  EXPECT_EQ(f.node.member("n2")->state, MemberState::alive);
  EXPECT_EQ(f.delegate.joins.back(), "n2");
}

TEST(Rules, TheSameNameAtAnotherAddressIsAConflict) {
  NodeFixture f(1);
  f.inject(alive_msg("n2", 9, 5));
  EXPECT_EQ(f.delegate.conflicts, std::vector<std::string>{"n2"});
  EXPECT_EQ(f.node.member("n2")->address, addr_of(2));
}

TEST(Rules, ALeftMemberMayComeBackAtANewAddress) {
  NodeFixture f(1);
  f.inject(codec::Dead{1, "n2", "n2"});
  f.inject(alive_msg("n2", 9, 2));
  EXPECT_TRUE(f.delegate.conflicts.empty());
  EXPECT_EQ(f.node.member("n2")->address, addr_of(9));
  EXPECT_EQ(f.node.member("n2")->state, MemberState::alive);
}

TEST(Rules, MetaChangesAreReportedAsUpdates) {
  NodeFixture f(1);
  auto a = alive_msg("n2", 2, 2);
  a.meta = {1, 2, 3};
  f.inject(a);
  EXPECT_EQ(f.delegate.updates, std::vector<std::string>{"n2"});
}

TEST(Rules, IndependentConfirmationsShortenTheSuspicion) {
  Quiet f(6);  // 7 members: k = 2 expected confirmations
  f.inject(codec::Suspect{1, "n2", "n3"});
  f.inject(codec::Suspect{1, "n2", "n4"});
  f.inject(codec::Suspect{1, "n2", "n5"});
  const Duration min = f.node.config().suspicion_min(f.node.num_members());
  f.advance(min + 1ms);
  EXPECT_EQ(f.node.member("n2")->state, MemberState::dead);
}

TEST(Rules, WithoutLifeguardTheSuspicionTimeoutIsTheMinimum) {
  Config cfg = Config::lan();
  cfg.lifeguard = false;
  Quiet f(6, cfg);
  f.inject(codec::Suspect{1, "n2", "n3"});
  const Duration min = f.node.config().suspicion_min(f.node.num_members());
  f.advance(min - 1ms);
  EXPECT_EQ(f.node.member("n2")->state, MemberState::suspect);
  f.advance(2ms);
  EXPECT_EQ(f.node.member("n2")->state, MemberState::dead);
}

TEST(Rules, AfterLeavingWeDoNotRefuteOurOwnDeath) {
  NodeFixture f(1);
  f.node.leave(f.now);
  EXPECT_EQ(f.node.self().state, MemberState::left);
  f.inject(codec::Suspect{1, "self", "n2"});
  f.inject(alive_msg("self", 1, 9));
  EXPECT_EQ(f.node.self().state, MemberState::left);
  EXPECT_EQ(f.node.stats().refutations, 0u);
}

TEST(Rules, ALeaveIsPropagatedOnceItsBroadcastIsSpent) {
  NodeFixture f(3);
  f.node.leave(f.now);
  EXPECT_FALSE(f.node.leave_propagated());
  f.advance(30s);
  EXPECT_TRUE(f.node.leave_propagated());
  auto deads = of_type(f.sent(), MessageType::dead);
  ASSERT_FALSE(deads.empty());
  auto d = codec::decode_dead(deads.front().body);
  EXPECT_EQ(d->from, "self");
  EXPECT_EQ(d->node, "self");
}

// Property: any sequence of news about a member leaves it where memberlist's rules say:
//   alive(i)   accepted only when i > current incarnation (then alive at i);
//   suspect(i) accepted when i >= current and the member is alive (then suspect at i);
//   dead(i)    accepted when i >= current and the member is alive or suspect.
// Suspicion timers never fire here: no time passes.
RC_GTEST_PROP(RulesProperty, AnyOrderOfNewsFollowsTheIncarnationRules,
              (std::vector<std::pair<std::uint8_t, std::uint8_t>> news)) {
  NodeFixture f;
  f.inject(alive_msg("n2", 2, 1));
  std::uint32_t cur = 1;
  MemberState st = MemberState::alive;
  for (auto [kind, inc8] : news) {
    const std::uint32_t inc = 1 + inc8 % 6;
    switch (kind % 3) {
      case 0:
        f.inject(alive_msg("n2", 2, inc));
        if (inc > cur) cur = inc, st = MemberState::alive;
        break;
      case 1:
        f.inject(codec::Suspect{inc, "n2", "n3"});
        if (inc >= cur && st == MemberState::alive) cur = inc, st = MemberState::suspect;
        break;
      default:
        f.inject(codec::Dead{inc, "n2", "n3"});
        if (inc >= cur && (st == MemberState::alive || st == MemberState::suspect))
          cur = inc, st = MemberState::dead;
        break;
    }
    RC_ASSERT(f.node.member("n2")->state == st);
    RC_ASSERT(f.node.member("n2")->incarnation == cur);
  }
}

RC_GTEST_PROP(RulesProperty, RumoursAboutOurselvesAreAlwaysOutbid,
              (std::vector<std::pair<bool, std::uint16_t>> rumours)) {
  NodeFixture f(1);
  for (auto [dead, inc] : rumours) {
    if (dead)
      f.inject(codec::Dead{inc, "self", "n2"});
    else
      f.inject(codec::Suspect{inc, "self", "n2"});
    RC_ASSERT(f.node.self().state == MemberState::alive);
    RC_ASSERT(f.node.self().incarnation > inc);
  }
}

TEST(Rules, AStaleAliveFromADeadMemberIsAnsweredWithItsDeathSentStraightToIt) {
  // memberlist#311: a member back with a fresh incarnation cannot refute a death it
  // never hears of; the first node that sees its stale alive tells it.
  NodeFixture f(2);
  f.inject(codec::Dead{5, "n2", "n3"});
  f.clear();
  f.inject(alive_msg("n2", 2, 1), 3);
  EXPECT_EQ(f.node.member("n2")->state, MemberState::dead) << "the stale alive changes nothing";
  const auto deads = of_type(f.sent(), MessageType::dead);
  ASSERT_EQ(deads.size(), 1u);
  EXPECT_EQ(deads[0].to, f.node.member("n2")->address);
  const auto d = codec::decode_dead(deads[0].body);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->node, "n2");
  EXPECT_EQ(d->incarnation, 5u);

  // At most once per probe interval per member: echoes of the alive cost nothing more.
  f.clear();
  f.inject(alive_msg("n2", 2, 1), 3);
  EXPECT_TRUE(of_type(f.sent(), MessageType::dead).empty());
  EXPECT_EQ(f.node.stats().accusations_forwarded, 1u);
}

TEST(Rules, AStaleAliveFromAnAliveMemberIsJustIgnored) {
  NodeFixture f(2);
  f.inject(alive_msg("n2", 2, 3));
  f.clear();
  f.inject(alive_msg("n2", 2, 2), 3);
  EXPECT_TRUE(of_type(f.sent(), MessageType::dead).empty());
  EXPECT_TRUE(of_type(f.sent(), MessageType::suspect).empty());
  EXPECT_EQ(f.node.stats().accusations_forwarded, 0u);
}
