#include "lab/spread.hpp"

namespace rumor::lab {

Spread::Spread(const Population& pop, std::uint32_t origin) : pop_(pop), arrival_(pop.size(), -1) {
  arrival_[origin] = 0;
  curve_.push_back(fraction());
}

void Spread::inform(std::uint32_t x, int t) {
  arrival_[x] = t;
  ++informed_;
  arrival_sum_ += static_cast<std::uint64_t>(t);
  last_ = t;
}

SpreadRun Spread::result(std::uint64_t traffic, const Contacts& contacts, int rounds) const {
  const auto live = static_cast<double>(pop_.live_count());
  SpreadRun r;
  r.residue = 1.0 - fraction();
  r.traffic = static_cast<double>(traffic) / live;
  r.t_ave =
      informed_ > 1 ? static_cast<double>(arrival_sum_) / static_cast<double>(informed_ - 1) : 0.0;
  r.t_last = last_;
  r.rounds = rounds;
  r.connections = static_cast<double>(contacts.calls()) / live;
  r.refused = static_cast<double>(contacts.refused()) / live;
  r.informed = curve_;
  return r;
}

}  // namespace rumor::lab
