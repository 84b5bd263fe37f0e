#include "lab/trials.hpp"

#include <chrono>

#include "lab/anti_entropy.hpp"
#include "lab/push_sum.hpp"
#include "lab/random.hpp"
#include "lab/rumor_mongering.hpp"

namespace rumor::lab {

Experiment run_experiment(const Params& p, int trials, unsigned threads) {
  Experiment e;
  e.params = p;
  e.trials = std::max(trials, 1);
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  e.threads = std::min(threads, static_cast<unsigned>(e.trials));
  const auto count = static_cast<std::size_t>(e.trials);
  const auto start = std::chrono::steady_clock::now();
  if (p.algorithm == Algorithm::push_sum) {
    e.push_sum = parallel_map<PushSumRun>(
        count, e.threads, [&](std::size_t i) { return run_push_sum(p, trial_seed(p.seed, i)); });
    for (const auto& r : e.push_sum) e.cycles += static_cast<std::uint64_t>(r.rounds);
  } else {
    const auto run = p.algorithm == Algorithm::rumor ? run_rumor : run_anti_entropy;
    e.spread = parallel_map<SpreadRun>(
        count, e.threads, [&](std::size_t i) { return run(p, trial_seed(p.seed, i)); });
    for (const auto& r : e.spread) e.cycles += static_cast<std::uint64_t>(r.rounds);
  }
  e.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return e;
}

}  // namespace rumor::lab
