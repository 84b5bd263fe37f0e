// Serf's closed-form convergence model (the "convergence simulator" page of Serf's
// docs): a logistic epidemic in which every informed node contacts `fanout` others per
// gossip interval, and a contact takes only if the packet survives and its target is up.
//
//   fraction informed after round x:  1 / (1 + (n + 1) e^(-beta x))
//   beta = fanout * (1 - loss) * (1 - failed) / 2
//   bandwidth per node:                2 * 1400 * fanout / interval bytes/s
//
// The 1/2 is Serf's own discount for contacts wasted on nodes that already know. The
// model knows nothing of retransmit limits, piggybacking or timer phases; the sim's
// measured curve (converge.hpp) is what the real protocol does.
#pragma once

#include <cstddef>

namespace rumor::sim {

struct ConvergeModel {
  std::size_t nodes = 30;
  double interval_s = 0.2;  // one round
  int fanout = 3;
  double loss = 0;    // packet loss probability
  double failed = 0;  // fraction of nodes that are down

  double beta() const;
  // Fraction of the cluster informed after `rounds` gossip intervals (1/(n+2) at 0).
  double fraction_at(double rounds) const;
  // Rounds until the fraction reaches q in (0, 1): ln((n + 1) q / (1 - q)) / beta.
  double rounds_to(double q) const;
  double seconds_to(double q) const { return rounds_to(q) * interval_s; }
  // Serf's "estimated max bandwidth": a full 1400-byte packet to each of `fanout` nodes
  // every interval, counted twice (sent and received).
  double bandwidth_bytes_per_s() const;
};

}  // namespace rumor::sim
