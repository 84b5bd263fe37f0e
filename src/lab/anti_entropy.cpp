#include "lab/anti_entropy.hpp"

#include <vector>

#include "lab/spread.hpp"

namespace rumor::lab {

SpreadRun run_anti_entropy(const Params& p, std::uint64_t seed) {
  SpreadSetup run(p, seed);
  auto& [rng, pop, spread, contacts, pushes, pulls] = run;
  std::vector<std::uint32_t> callers = pop.live_nodes();
  std::uint64_t traffic = 0;
  // A transfer from `from` to `to` in cycle t, if `to` still lacks the update.
  auto transfer = [&](std::uint32_t from, std::uint32_t to, int t) {
    if (!spread.knew_before(from, t) || spread.knows(to)) return;
    ++traffic;
    if (!contacts.lost(rng)) spread.inform(to, t);
  };
  int t = 0;
  while (!spread.complete() && t < p.max_rounds) {
    ++t;
    contacts.begin_cycle(t);
    // Callers act in a fresh random order each cycle: who reaches a site first matters
    // only for traffic, but a fixed order would favour low node ids all run long.
    shuffle(callers, rng);
    for (const std::uint32_t c : callers) {
      for (int f = 0; f < p.fanout; ++f) {
        const Contacts::Call call = contacts.call(c, rng);
        if (call.refused || !pop.live(call.partner)) continue;
        if (pushes) transfer(c, call.partner, t);
        if (pulls) transfer(call.partner, c, t);
      }
    }
    spread.end_cycle();
  }
  return spread.result(traffic, contacts, t);
}

}  // namespace rumor::lab
