#include "lab/rumor_mongering.hpp"

#include <vector>

#include "lab/spread.hpp"

namespace rumor::lab {

SpreadRun run_rumor(const Params& p, std::uint64_t seed) {
  SpreadSetup run(p, seed);
  auto& [rng, pop, spread, contacts, pushes, pulls] = run;
  const bool blind = p.stop == Stop::blind;
  const double coin = 1.0 / p.k;

  std::vector<std::uint8_t> removed(p.nodes, 0);
  std::vector<std::uint16_t> counter(p.nodes, 0);
  const bool per_cycle = p.tally == Tally::per_cycle;
  std::vector<std::uint8_t> cycle_flags(per_cycle ? p.nodes : 0, 0);
  std::vector<std::uint32_t> touched;
  std::vector<std::uint32_t> infective{pop.origin()}, next, newly;
  // Push: only infective sites call. Pull and push-pull: every live site calls.
  std::vector<std::uint32_t> callers;
  if (pulls) callers = pop.live_nodes();
  std::uint64_t traffic = 0;

  auto spreader = [&](std::uint32_t x, int t) { return spread.knew_before(x, t) && !removed[x]; };
  auto contact = [&](std::uint32_t x) {  // a contact that counts towards losing interest
    if (p.decay == Decay::counter) {
      if (++counter[x] >= p.k) removed[x] = 1;
    } else if (rng.unit() < coin) {
      removed[x] = 1;
    }
  };
  // What a contact teaches its sender: acted on at once (per contact) or gathered in
  // `cycle_flags` and acted on at the cycle's end (per cycle).
  constexpr std::uint8_t kNeeded = 1, kUnneeded = 2;
  auto settle = [&](std::uint32_t x, std::uint8_t what) {
    if (!(what & kNeeded))
      contact(x);
    else if (p.counter_reset == CounterReset::on_necessary)
      counter[x] = 0;
  };
  auto note = [&](std::uint32_t x, std::uint8_t what) {
    if (!per_cycle) return settle(x, what);
    if (cycle_flags[x] == 0) touched.push_back(x);
    cycle_flags[x] |= what;
  };
  auto send = [&](std::uint32_t from, std::uint32_t to, int t, bool delivered) {
    ++traffic;
    if (!delivered) {
      if (blind) note(from, kUnneeded);  // a blind sender counts what it cannot see lost
      return;
    }
    const bool needed =
        p.unnecessary == Unnecessary::on_arrival ? !spread.knows(to) : !spread.knew_before(to, t);
    if (!spread.knows(to)) {
      spread.inform(to, t);
      newly.push_back(to);
    }
    note(from, blind || !needed ? kUnneeded : kNeeded);
  };

  int t = 0;
  while (!infective.empty() && t < p.max_rounds) {
    ++t;
    contacts.begin_cycle(t);
    if (!pulls) callers = infective;
    shuffle(callers, rng);
    for (const std::uint32_t c : callers) {
      for (int f = 0; f < p.fanout; ++f) {
        if (!pulls && !spreader(c, t)) break;  // lost interest earlier this cycle
        const Contacts::Call call = contacts.call(c, rng);
        if (call.refused) continue;
        const std::uint32_t q = call.partner;
        const bool arrives = pop.live(q) && !contacts.lost(rng);
        if (pushes && spreader(c, t)) send(c, q, t, arrives);
        if (pulls && arrives && spreader(q, t)) send(q, c, t, !contacts.lost(rng));
      }
    }
    for (const std::uint32_t x : touched) {
      settle(x, cycle_flags[x]);  // a necessary contact outweighs the cycle's unnecessary ones
      cycle_flags[x] = 0;
    }
    touched.clear();
    next.clear();
    for (const std::uint32_t x : infective)
      if (!removed[x]) next.push_back(x);
    next.insert(next.end(), newly.begin(), newly.end());
    newly.clear();
    infective.swap(next);
    spread.end_cycle();
  }
  return spread.result(traffic, contacts, t);
}

}  // namespace rumor::lab
