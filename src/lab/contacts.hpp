// The connections of one cycle, shared by every algorithm: a caller reaches a partner
// chosen uniformly among the other n - 1 nodes, or among its partial view (views.hpp)
// when Params::view is set; a live partner accepts at most
// `connection_limit` incoming connections per cycle (Demers's connection limit; the
// caller learns of a refusal and does nothing else with that connection); the network
// loses each message independently with probability `loss`. What a crashed partner means
// is the algorithm's business: Contacts only reports who was called.
#pragma once

#include <cstdint>
#include <vector>

#include "lab/params.hpp"
#include "lab/population.hpp"
#include "lab/views.hpp"

namespace rumor::lab {

class Contacts {
 public:
  // Draws the partial views from `rng`, if any.
  Contacts(const Population& pop, const Params& p, Rng& rng);

  struct Call {
    std::uint32_t partner = 0;
    bool refused = false;  // over the partner's connection limit this cycle
  };

  // Forgets the previous cycle's accepted connections (O(1): stamps, not a sweep).
  void begin_cycle(int cycle) { cycle_ = static_cast<std::uint32_t>(cycle); }
  Call call(std::uint32_t caller, Rng& rng);
  // Whether one message is lost. Draws nothing when there is no loss, so lossless runs
  // use the same random stream whatever the loss code does.
  bool lost(Rng& rng) const { return loss_ > 0 && rng.unit() < loss_; }

  const PartialViews& views() const { return views_; }
  std::uint64_t calls() const { return calls_; }
  std::uint64_t refused() const { return refused_; }

 private:
  const Population& pop_;
  std::uint32_t n_;
  double loss_;
  std::uint32_t limit_;
  std::uint32_t cycle_ = 0;
  PartialViews views_;
  // Only with a connection limit: the cycle a node last accepted in, and how many.
  std::vector<std::uint32_t> stamp_;
  std::vector<std::uint32_t> accepted_;
  std::uint64_t calls_ = 0, refused_ = 0;
};

// Fisher-Yates with the lab's generator: the order in which a cycle's callers act.
void shuffle(std::vector<std::uint32_t>& v, Rng& rng);

}  // namespace rumor::lab
