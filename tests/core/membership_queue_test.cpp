// MembershipQueue: memberlist's TransmitLimitedQueue order without holding bytes. The
// byte-holding BroadcastQueue implements that order directly, so the property is that
// both choose the same messages in the same order for any history of pushes and takes.
#include "core/membership_queue.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>

#include "core/broadcast_queue.hpp"
#include "core/identities.hpp"

using namespace rumor;
using namespace rumor::core;

namespace {

using Pass = MembershipQueue::Pass;

// The subject, as BroadcastQueue's key and as the message's first byte.
Bytes message_about(std::uint32_t subject, std::size_t len) {
  Bytes m(len, 0);
  m[0] = static_cast<std::uint8_t>(subject);
  return m;
}

// A queue over news "about subject s": s's name is "s<s>" (so its NameId is s, names
// being interned in order) and each message starts with s.
struct Queue {
  Queue() {
    for (std::uint32_t s = 0; s < 32; ++s) ids.acquire_name("s" + std::to_string(s));
  }
  void push(std::uint32_t subject, std::size_t len, bool useless) {
    q.push(ids.acquire_news(subject, message_about(subject, len)), useless);
  }
  Identities ids;  // declared first: the queue releases its news into it
  MembershipQueue q{ids};
};

struct Taken {
  std::vector<std::uint32_t> subjects;
};

Taken take(Queue& q, std::size_t overhead, std::size_t limit, int rl,
           std::uint32_t recipient = MembershipQueue::kNoRecipient, Pass pass = Pass::new_packet) {
  Taken t;
  q.q.take(overhead, limit, rl, recipient, pass, [&](ByteView m) { t.subjects.push_back(m[0]); });
  return t;
}

}  // namespace

TEST(MembershipQueue, LeastTransmittedThenLargerThenNewerGoesFirst) {
  Queue q;
  q.push(1, 10, false);
  q.push(2, 20, false);
  q.push(3, 10, false);
  // All untransmitted: the larger first, then the newer of the two small ones.
  EXPECT_EQ(take(q, 0, 100, 5).subjects, (std::vector<std::uint32_t>{2, 3, 1}));
  q.push(4, 5, false);
  // #4 has never been sent; it goes before the others, whatever its size.
  EXPECT_EQ(take(q, 0, 5, 5).subjects, (std::vector<std::uint32_t>{4}));
}

TEST(MembershipQueue, NewsAboutAMemberReplacesQueuedNewsAboutIt) {
  Queue q;
  q.push(7, 30, false);
  q.push(8, 10, false);
  q.push(7, 10, false);  // replaces the 30-byte message about 7
  EXPECT_EQ(q.q.size(), 2u);
  const Taken t = take(q, 0, 100, 5);
  EXPECT_EQ(t.subjects, (std::vector<std::uint32_t>{7, 8}));
}

TEST(MembershipQueue, AMessageGoesOutRetransmitLimitTimesThenIsFinished) {
  Queue q;
  q.push(3, 10, false);
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(take(q, 0, 100, 4).subjects.size(), 1u);
    EXPECT_TRUE(q.q.queued(3));
  }
  EXPECT_EQ(take(q, 0, 100, 4).subjects.size(), 1u);
  EXPECT_FALSE(q.q.queued(3));
  EXPECT_TRUE(take(q, 0, 100, 4).subjects.empty());
  EXPECT_EQ(q.ids.news_items(), 0u) << "the last transmission releases the news";
}

TEST(MembershipQueue, AMembersOwnAliveIsSkippedOnPacketsToIt) {
  Queue q;
  q.push(5, 10, true);
  EXPECT_TRUE(take(q, 0, 100, 4, 5).subjects.empty());
  EXPECT_EQ(take(q, 0, 100, 4, 6).subjects, (std::vector<std::uint32_t>{5}));
}

TEST(MembershipQueue, ASecondPassForTheSamePacketTakesOnlyWhatTheFirstLeft) {
  Queue q;
  q.push(1, 5, false);
  q.push(2, 5, false);
  EXPECT_EQ(take(q, 0, 5, 10).subjects, (std::vector<std::uint32_t>{2}));
  EXPECT_EQ(take(q, 0, 100, 10, MembershipQueue::kNoRecipient, Pass::same_packet).subjects,
            (std::vector<std::uint32_t>{1}));
  // A new packet may carry both again.
  EXPECT_EQ(take(q, 0, 100, 10).subjects.size(), 2u);
}

RC_GTEST_PROP(MembershipQueue, ChoosesWhatAByteHoldingQueueChoosesForAnyHistory, ()) {
  Queue compact;
  BroadcastQueue bytes;
  const int rl = *rc::gen::inRange(1, 12);
  const auto steps = *rc::gen::inRange(1, 200);
  for (int step = 0; step < steps; ++step) {
    if (*rc::gen::inRange(0, 3) != 0) {
      const auto subject = static_cast<std::uint32_t>(*rc::gen::inRange(0, 24));
      const auto len = static_cast<std::size_t>(*rc::gen::inRange(1, 40));
      const bool useless = *rc::gen::arbitrary<bool>();
      compact.push(subject, len, useless);
      bytes.push(message_about(subject, len), std::to_string(subject), useless);
    } else {
      const auto overhead = static_cast<std::size_t>(*rc::gen::inRange(0, 3));
      const auto limit = static_cast<std::size_t>(*rc::gen::inRange(0, 120));
      const bool to_someone = *rc::gen::arbitrary<bool>();
      const auto recipient = static_cast<std::uint32_t>(*rc::gen::inRange(0, 24));
      const Taken t = take(compact, overhead, limit, rl,
                           to_someone ? recipient : MembershipQueue::kNoRecipient);
      std::vector<Bytes> out;
      bytes.take(overhead, limit, rl, out, to_someone ? std::to_string(recipient) : "");
      std::vector<std::uint32_t> expected;
      for (const Bytes& m : out) expected.push_back(m[0]);
      RC_ASSERT(t.subjects == expected);
    }
    RC_ASSERT(compact.q.size() == bytes.size());
  }
}

TEST(MembershipQueue, NewsPushedAsAlreadySentGoesOutOnlyTheRestAndAfterFresherNews) {
  Queue q;
  q.push(4, 10, false);
  q.q.push(q.ids.acquire_news(5, message_about(5, 10)), false, /*already_sent=*/3);
  q.push(6, 10, false);
  // Room for one message a packet: the fresh ones first, newest first.
  EXPECT_EQ(take(q, 0, 10, 5).subjects, (std::vector<std::uint32_t>{6}));
  EXPECT_EQ(take(q, 0, 10, 5).subjects, (std::vector<std::uint32_t>{4}));
  int sent_5 = 0;
  for (int i = 0; i < 20; ++i)
    for (std::uint32_t s : take(q, 0, 100, 5).subjects) sent_5 += s == 5;
  EXPECT_EQ(sent_5, 2) << "a limit of 5, 3 counted as sent";
  EXPECT_FALSE(q.q.queued(5));
}

TEST(MembershipQueue, WithdrawnNewsIsNotSentAndItsSubjectMayBeQueuedAgain) {
  Queue q;
  q.push(4, 10, false);
  q.push(5, 10, false);
  q.q.withdraw(4);
  EXPECT_FALSE(q.q.queued(4));
  EXPECT_EQ(q.q.size(), 1u);
  EXPECT_EQ(take(q, 0, 100, 5).subjects, (std::vector<std::uint32_t>{5}));
  q.push(4, 12, false);
  EXPECT_EQ(take(q, 0, 100, 5).subjects, (std::vector<std::uint32_t>{4, 5}));
  q.q.withdraw(4);
  q.q.withdraw(5);
  EXPECT_TRUE(take(q, 0, 100, 5).subjects.empty());
  EXPECT_EQ(q.ids.news_items(), 0u) << "withdrawn news is released when it surfaces";
}
