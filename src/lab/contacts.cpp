#include "lab/contacts.hpp"

#include <utility>

namespace rumor::lab {

Contacts::Contacts(const Population& pop, const Params& p, Rng& rng)
    : pop_(pop),
      n_(pop.size()),
      loss_(p.loss),
      limit_(static_cast<std::uint32_t>(p.connection_limit)),
      views_(pop.size(), p.view, rng) {
  if (limit_ > 0) {
    stamp_.assign(n_, 0);
    accepted_.assign(n_, 0);
  }
}

Contacts::Call Contacts::call(std::uint32_t caller, Rng& rng) {
  ++calls_;
  Call c;
  c.partner = views_.pick(caller, rng);
  // A crashed node accepts nothing and so uses up no capacity.
  if (limit_ > 0 && pop_.live(c.partner)) {
    if (stamp_[c.partner] != cycle_) {
      stamp_[c.partner] = cycle_;
      accepted_[c.partner] = 0;
    }
    if (accepted_[c.partner] >= limit_) {
      c.refused = true;
      ++refused_;
    } else {
      ++accepted_[c.partner];
    }
  }
  return c;
}

void shuffle(std::vector<std::uint32_t>& v, Rng& rng) {
  core::shuffle(v, rng);
}

}  // namespace rumor::lab
