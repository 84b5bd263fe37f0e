#include "lab/rumor_mongering.hpp"

namespace rumor::lab {

RumorMongering::RumorMongering(const Params& p, std::uint64_t seed,
                               std::optional<std::uint32_t> origin)
    : p_(p),
      run_(p_, seed, origin),
      blind_(p.stop == Stop::blind),
      per_cycle_(p.tally == Tally::per_cycle),
      coin_(1.0 / p.k),
      removed_(p.nodes, 0),
      counter_(p.nodes, 0),
      cycle_flags_(per_cycle_ ? p.nodes : 0, 0),
      infective_{origin.value_or(run_.pop.origin())} {
  if (run_.pulls) callers_ = run_.pop.live_nodes();
}

void RumorMongering::contact(std::uint32_t x) {
  if (p_.decay == Decay::counter) {
    if (++counter_[x] >= p_.k) removed_[x] = 1;
  } else if (run_.rng.unit() < coin_) {
    removed_[x] = 1;
  }
}

void RumorMongering::settle(std::uint32_t x, std::uint8_t what) {
  if (!(what & kNeeded))
    contact(x);
  else if (p_.counter_reset == CounterReset::on_necessary)
    counter_[x] = 0;
}

// Acted on at once (per contact) or gathered in cycle_flags_ (per cycle).
void RumorMongering::note(std::uint32_t x, std::uint8_t what) {
  if (!per_cycle_) return settle(x, what);
  if (cycle_flags_[x] == 0) touched_.push_back(x);
  cycle_flags_[x] |= what;
}

void RumorMongering::send(std::uint32_t from, std::uint32_t to, int t, bool delivered, bool pull,
                          MessageLog* log) {
  auto& spread = run_.spread;
  ++traffic_;
  if (!delivered) {
    if (log) log->push_back({from, to, pull, true, false});
    if (blind_) note(from, kUnneeded);  // a blind sender counts what it cannot see lost
    return;
  }
  const bool needed =
      p_.unnecessary == Unnecessary::on_arrival ? !spread.knows(to) : !spread.knew_before(to, t);
  const bool informs = !spread.knows(to);
  if (informs) {
    spread.inform(to, t);
    newly_.push_back(to);
  }
  if (log) log->push_back({from, to, pull, false, informs});
  note(from, blind_ || !needed ? kUnneeded : kNeeded);
}

void RumorMongering::cycle(MessageLog* log) {
  auto& [rng, pop, spread, contacts, pushes, pulls] = run_;
  const int t = ++t_;
  contacts.begin_cycle(t);
  if (!pulls) callers_ = infective_;
  shuffle(callers_, rng);
  for (const std::uint32_t c : callers_) {
    for (int f = 0; f < p_.fanout; ++f) {
      if (!pulls && !spreader(c, t)) break;  // lost interest earlier this cycle
      const Contacts::Call call = contacts.call(c, rng);
      if (call.refused) continue;
      const std::uint32_t q = call.partner;
      const bool arrives = pop.live(q) && !contacts.lost(rng);
      if (pushes && spreader(c, t)) send(c, q, t, arrives, false, log);
      if (pulls && arrives && spreader(q, t)) send(q, c, t, !contacts.lost(rng), true, log);
    }
  }
  for (const std::uint32_t x : touched_) {
    settle(x, cycle_flags_[x]);  // a necessary contact outweighs the cycle's unnecessary ones
    cycle_flags_[x] = 0;
  }
  touched_.clear();
  next_.clear();
  for (const std::uint32_t x : infective_)
    if (!removed_[x]) next_.push_back(x);
  next_.insert(next_.end(), newly_.begin(), newly_.end());
  newly_.clear();
  infective_.swap(next_);
  spread.end_cycle();
}

void RumorMongering::infect(std::uint32_t x) {
  if (!run_.pop.live(x) || run_.spread.knows(x)) return;
  run_.spread.inform(x, t_);
  infective_.push_back(x);
}

SpreadRun run_rumor(const Params& p, std::uint64_t seed) {
  RumorMongering run(p, seed);
  while (!run.over()) run.cycle();
  return run.result();
}

}  // namespace rumor::lab
