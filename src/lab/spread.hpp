// Who knows the update and since when: the bookkeeping anti-entropy and rumor mongering
// share, and the measures Demers reports (residue, traffic, t_ave, t_last) computed from
// it. One int32 per node: the cycle the node learnt the update in, or -1.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "lab/contacts.hpp"
#include "lab/params.hpp"
#include "lab/population.hpp"
#include "lab/results.hpp"

namespace rumor::lab {

class Spread {
 public:
  // The origin knows at cycle 0.
  Spread(const Population& pop, std::uint32_t origin);

  bool knows(std::uint32_t x) const { return arrival_[x] >= 0; }
  // Knew before cycle t began. Only such nodes pass the update on in cycle t: a cycle's
  // senders are decided by the state at its start (synchronous cycles).
  bool knew_before(std::uint32_t x, int t) const { return arrival_[x] >= 0 && arrival_[x] < t; }
  void inform(std::uint32_t x, int t);
  bool complete() const { return informed_ == pop_.live_count(); }
  std::uint32_t informed() const { return informed_; }

  // Call after each cycle: records the informed fraction.
  void end_cycle() { curve_.push_back(fraction()); }
  SpreadRun result(std::uint64_t traffic, const Contacts& contacts, int rounds) const;

 private:
  double fraction() const {
    return static_cast<double>(informed_) / static_cast<double>(pop_.live_count());
  }

  const Population& pop_;
  std::vector<std::int32_t> arrival_;
  std::uint32_t informed_ = 1;
  std::uint64_t arrival_sum_ = 0;
  int last_ = 0;
  std::vector<double> curve_;
};

// What a spreading run (anti-entropy, rumor mongering) starts from: its generator, its
// nodes, who knows, its connections, and which way updates travel. Not movable: the
// members refer to one another.
struct SpreadSetup {
  // The origin is the population's (drawn at random) unless one is given; it must be live.
  SpreadSetup(const Params& p, std::uint64_t seed, std::optional<std::uint32_t> origin = {})
      : rng(seed),
        pop(p.nodes, p.failed, rng),
        spread(pop, origin.value_or(pop.origin())),
        contacts(pop, p, rng),
        pushes(p.mode != Mode::pull),
        pulls(p.mode != Mode::push) {}
  SpreadSetup(const SpreadSetup&) = delete;
  SpreadSetup& operator=(const SpreadSetup&) = delete;

  Rng rng;
  const Population pop;
  Spread spread;
  Contacts contacts;
  const bool pushes, pulls;  // callers send / callees answer
};

}  // namespace rumor::lab
