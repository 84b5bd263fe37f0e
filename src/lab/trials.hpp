// Many trials of one variant, spread over threads. Trial i runs with its own generator
// seeded trial_seed(seed, i) and writes only slot i of the results, so the results are
// the same whatever the number of threads and however the scheduler interleaves them.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "lab/params.hpp"
#include "lab/results.hpp"

namespace rumor::lab {

struct Experiment {
  Params params;
  int trials = 1;
  unsigned threads = 1;
  std::vector<SpreadRun> spread;     // anti-entropy and rumor mongering, one per trial
  std::vector<PushSumRun> push_sum;  // push-sum, one per trial
  double seconds = 0;                // wall time of all trials
  std::uint64_t cycles = 0;          // cycles (rounds) run by all trials together
};

// Runs `trials` trials on `threads` threads (at most one per trial; 0 means one per core).
Experiment run_experiment(const Params& p, int trials, unsigned threads);

// fn(i) for i in [0, count), on up to `threads` threads; results in index order. An
// exception thrown by fn is rethrown here once every thread has stopped.
template <class Result, class Fn>
std::vector<Result> parallel_map(std::size_t count, unsigned threads, Fn fn) {
  std::vector<Result> out(count);
  std::atomic<std::size_t> next{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < count;) {
      try {
        out[i] = fn(i);
      } catch (...) {
        const std::lock_guard lock(error_mutex);
        if (!error) error = std::current_exception();
        next = count;
      }
    }
  };
  const std::size_t workers = std::max<std::size_t>(1, std::min<std::size_t>(threads, count));
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < workers; ++t) pool.emplace_back(work);
  work();
  for (auto& th : pool) th.join();
  if (error) std::rethrow_exception(error);
  return out;
}

}  // namespace rumor::lab
