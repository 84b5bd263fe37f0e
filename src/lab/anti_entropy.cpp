#include "lab/anti_entropy.hpp"

namespace rumor::lab {

AntiEntropy::AntiEntropy(const Params& p, std::uint64_t seed, std::optional<std::uint32_t> origin)
    : p_(p), run_(p_, seed, origin), callers_(run_.pop.live_nodes()) {}

void AntiEntropy::cycle(MessageLog* log) {
  auto& [rng, pop, spread, contacts, pushes, pulls] = run_;
  const int t = ++t_;
  // A transfer from `from` to `to` in cycle t, if `to` still lacks the update.
  auto transfer = [&](std::uint32_t from, std::uint32_t to, bool pull) {
    if (!spread.knew_before(from, t) || spread.knows(to)) return;
    ++traffic_;
    const bool lost = contacts.lost(rng);
    if (!lost) spread.inform(to, t);
    if (log) log->push_back({from, to, pull, lost, !lost});
  };
  contacts.begin_cycle(t);
  // Callers act in a fresh random order each cycle: who reaches a site first matters
  // only for traffic, but a fixed order would favour low node ids all run long.
  shuffle(callers_, rng);
  for (const std::uint32_t c : callers_) {
    for (int f = 0; f < p_.fanout; ++f) {
      const Contacts::Call call = contacts.call(c, rng);
      if (call.refused || !pop.live(call.partner)) continue;
      if (pushes) transfer(c, call.partner, false);
      if (pulls) transfer(call.partner, c, true);
    }
  }
  spread.end_cycle();
}

void AntiEntropy::infect(std::uint32_t x) {
  if (run_.pop.live(x) && !run_.spread.knows(x)) run_.spread.inform(x, t_);
}

SpreadRun run_anti_entropy(const Params& p, std::uint64_t seed) {
  AntiEntropy run(p, seed);
  while (!run.over()) run.cycle();
  return run.result();
}

}  // namespace rumor::lab
