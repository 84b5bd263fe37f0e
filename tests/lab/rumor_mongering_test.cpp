// Rumor mongering against Demers et al. 1987: the residue, traffic and t_last of the
// paper's Tables 1 (push, feedback, counter), 2 (push, blind, coin) and 3 (pull,
// feedback, counter), all at 1000 sites; the model s = e^{-(k+1)(1-s)}; the traffic
// bounds for counters; and what loss, crashed sites and a connection limit do.
#include "lab/rumor_mongering.hpp"

#include <gtest/gtest.h>

#include "lab/models.hpp"
#include "lab/summary.hpp"
#include "lab/trials.hpp"

namespace rumor::lab {
namespace {

Params rumor(int k, Mode mode = Mode::push, Stop stop = Stop::feedback,
             Decay decay = Decay::counter) {
  Params p;
  p.algorithm = Algorithm::rumor;
  p.mode = mode;
  p.stop = stop;
  p.decay = decay;
  p.k = k;
  p.nodes = 1000;
  p.seed = 7;
  return p;
}

Summary measure(const Params& p, int trials = 200) {
  return summarize(run_experiment(p, trials, 2));
}

struct Row {
  int k;
  double residue, traffic, t_last;
};

// Table 1 of the paper: push, feedback, counter, 1000 sites.
TEST(RumorMongering, FeedbackCounterPushMatchesDemersTable1) {
  for (const Row& row :
       {Row{1, 0.18, 1.7, 16.8}, Row{2, 0.037, 3.3, 16.9}, Row{3, 0.011, 4.5, 17.4}}) {
    const Summary s = measure(rumor(row.k));
    EXPECT_NEAR(s.residue.mean, row.residue, 0.12 * row.residue + 0.002) << "k=" << row.k;
    EXPECT_NEAR(s.traffic.mean, row.traffic, 0.1) << "k=" << row.k;
    EXPECT_NEAR(s.t_last.mean, row.t_last, 0.6) << "k=" << row.k;
  }
}

// Table 2: push, blind, coin. Its residues also follow s = e^{-k(1-s)}.
TEST(RumorMongering, BlindCoinPushMatchesDemersTable2AndItsRoot) {
  for (const Row& row : {Row{2, 0.20, 1.6, 33}, Row{3, 0.060, 2.8, 32}, Row{4, 0.021, 3.9, 32}}) {
    const Summary s = measure(rumor(row.k, Mode::push, Stop::blind, Decay::coin));
    EXPECT_NEAR(s.residue.mean, row.residue, 0.12 * row.residue) << "k=" << row.k;
    EXPECT_NEAR(s.residue.mean, residue_root(row.k), 0.12 * row.residue) << "k=" << row.k;
    EXPECT_NEAR(s.traffic.mean, row.traffic, 0.1) << "k=" << row.k;
    EXPECT_NEAR(s.t_last.mean, row.t_last, 2.0) << "k=" << row.k;
  }
  // k = 1: each site forwards once, so the rumor dies after a few dozen sites.
  EXPECT_GT(measure(rumor(1, Mode::push, Stop::blind, Decay::coin)).residue.mean, 0.93);
}

// Table 3: pull, feedback, counter. Many sites may pull from one infective site in a
// cycle; the paper's numbers are those of counting such a cycle once.
TEST(RumorMongering, FeedbackCounterPullMatchesDemersTable3) {
  const Summary k1 = measure(rumor(1, Mode::pull));
  EXPECT_NEAR(k1.residue.mean, 0.031, 0.004);
  EXPECT_NEAR(k1.traffic.mean, 2.7, 0.1);
  EXPECT_NEAR(k1.t_ave.mean, 9.97, 0.4);
  EXPECT_NEAR(k1.t_last.mean, 17.6, 0.8);
  const Summary k2 = measure(rumor(2, Mode::pull));
  EXPECT_LT(k2.residue.mean, 0.0015);  // the paper: 5.8e-4
  EXPECT_NEAR(k2.traffic.mean, 4.5, 0.1);
  EXPECT_NEAR(k2.t_last.mean, 15.4, 0.8);
}

TEST(RumorMongering, CountingEachPullContactLosesInterestFasterThanCountingTheCycle) {
  Params p = rumor(1, Mode::pull);
  p.tally = Tally::per_contact;
  EXPECT_GT(measure(p).residue.mean, 3 * measure(rumor(1, Mode::pull)).residue.mean);
}

// The model's differential equation lets each contact see the state of the moment: that
// is the on-arrival reading, and there the residue is the model's root.
TEST(RumorMongering, FeedbackCoinResidueIsTheRootOfTheModelWhenContactsSeeTheirMoment) {
  for (int k = 1; k <= 3; ++k) {
    Params p = rumor(k, Mode::push, Stop::feedback, Decay::coin);
    p.unnecessary = Unnecessary::on_arrival;
    p.nodes = 4000;
    const Summary s = measure(p, 100);
    const double root = residue_root(k + 1);
    EXPECT_NEAR(s.residue.mean, root, 0.06 * root + 0.001) << "k=" << k;
    EXPECT_NEAR(s.traffic.mean, *s.model.traffic, 0.05) << "k=" << k;  // s = e^{-m}
  }
}

// Demers leaves open which contacts are unnecessary and whether a counter resets. Only
// round-start + reset reproduces Table 1 at k = 2 (0.037 residue, 3.3 traffic).
TEST(RumorMongering, OnlyRoundStartWithResetReproducesTable1) {
  Params arrival = rumor(2);
  arrival.unnecessary = Unnecessary::on_arrival;
  Params no_reset = rumor(2);
  no_reset.counter_reset = CounterReset::never;
  const Summary paper = measure(rumor(2)), a = measure(arrival), r = measure(no_reset);
  EXPECT_NEAR(paper.residue.mean, 0.037, 0.004);
  EXPECT_GT(a.residue.mean, 0.042);
  EXPECT_LT(r.traffic.mean, 3.1);
  EXPECT_NEAR(paper.traffic.mean, 3.3, 0.05);
}

TEST(RumorMongering, CounterTrafficStaysWithinDemersBoundsInEveryTrial) {
  for (int k = 1; k <= 4; ++k) {
    Params p = rumor(k);
    p.unnecessary = Unnecessary::on_arrival;  // the bounds count necessary messages as m - 1
    const Experiment e = run_experiment(p, 100, 2);
    for (const SpreadRun& r : e.spread) {
      const Bounds b = counter_traffic_bounds(k, r.residue, p.nodes);
      EXPECT_GE(r.traffic, b.lo - 1e-9) << "k=" << k;
      EXPECT_LE(r.traffic, b.hi + 1e-9) << "k=" << k;
    }
  }
}

TEST(RumorMongering, PullLeavesFarFewerSitesBehindThanPush) {
  for (int k = 1; k <= 2; ++k)
    EXPECT_LT(measure(rumor(k, Mode::pull)).residue.mean,
              0.3 * measure(rumor(k, Mode::push)).residue.mean);
  EXPECT_LT(measure(rumor(1, Mode::push_pull)).t_last.mean, measure(rumor(1)).t_last.mean);
}

// Lost messages carry no feedback, so a feedback site is not discouraged by them: the
// residue stays, the traffic grows by 1/(1 - loss). A blind site counts them, so its
// residue climbs to the root of s = e^{-kq(1-s)}. That root assumes the rumor takes off;
// with kq near 2 it dies within the first few sites in some runs (residue near 1), which
// lifts the mean but not the median.
TEST(RumorMongering, LossCostsFeedbackTrafficAndBlindCoverage) {
  Params fb = rumor(2);
  const Summary clean = measure(fb);
  fb.loss = 0.3;
  const Summary lossy = measure(fb);
  EXPECT_NEAR(lossy.residue.mean, clean.residue.mean, 0.012);
  EXPECT_NEAR(lossy.traffic.mean, clean.traffic.mean / 0.7, 0.25);
  EXPECT_GT(lossy.t_last.mean, clean.t_last.mean + 3);

  Params blind = rumor(3, Mode::push, Stop::blind, Decay::coin);
  const double clean_blind = measure(blind).residue.mean;
  blind.loss = 0.3;
  const Summary lossy_blind = measure(blind);
  EXPECT_GT(lossy_blind.residue.mean, 2 * clean_blind);
  EXPECT_NEAR(lossy_blind.residue.median, *lossy_blind.model.residue, 0.03);
}

TEST(RumorMongering, CrashedSitesSwallowMessagesLikeLoss) {
  Params blind = rumor(3, Mode::push, Stop::blind, Decay::coin);
  const double clean = measure(blind).residue.mean;
  blind.failed = 0.3;
  const Summary crashed = measure(blind);
  EXPECT_GT(crashed.residue.mean, 2 * clean);
  EXPECT_NEAR(crashed.residue.median, *crashed.model.residue, 0.03);
  for (const double f : crashed.informed.mean) EXPECT_LE(f, 1.0);  // of live sites only
}

// Demers: a connection limit of 1 helps push (two pushes cannot both land on one site)
// and hurts pull (a popular infective site answers only one puller).
TEST(RumorMongering, AConnectionLimitHelpsPushAndHurtsPull) {
  Params push = rumor(1), pull = rumor(1, Mode::pull);
  const double push_free = measure(push).residue.mean, pull_free = measure(pull).residue.mean;
  push.connection_limit = pull.connection_limit = 1;
  const Summary push_limited = measure(push), pull_limited = measure(pull);
  EXPECT_LT(push_limited.residue.mean, push_free - 0.015);
  EXPECT_GT(pull_limited.residue.mean, 3 * pull_free);
  EXPECT_GT(push_limited.refused.mean, 0);
}

TEST(RumorMongering, FanoutSpeedsTheRumorUp) {
  Params p = rumor(2);
  const double one = measure(p).t_last.mean;
  p.fanout = 3;
  EXPECT_LT(measure(p).t_last.mean, one - 4);
}

TEST(RumorMongering, InformedFractionGrowsAndEndsAtOneMinusResidue) {
  const SpreadRun r = run_rumor(rumor(2), 3);
  ASSERT_EQ(r.informed.size(), static_cast<std::size_t>(r.rounds) + 1);
  EXPECT_DOUBLE_EQ(r.informed.front(), 1.0 / 1000);
  for (std::size_t i = 1; i < r.informed.size(); ++i) EXPECT_GE(r.informed[i], r.informed[i - 1]);
  EXPECT_DOUBLE_EQ(r.informed.back(), 1 - r.residue);
}

}  // namespace
}  // namespace rumor::lab
