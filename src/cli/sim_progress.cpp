#include "cli/sim_progress.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace rumor::cli {
namespace {

using Clock = std::chrono::steady_clock;
bool g_shown = false;

double secs(core::Time t) {
  return static_cast<double>(t.count()) / 1e6;
}

}  // namespace

sim::Progress terminal_progress() {
  if (isatty(STDERR_FILENO) == 0) return {};
  const auto start = Clock::now();
  auto last = start - std::chrono::seconds(1);
  auto phase_wall = start;
  core::Time phase_sim{0}, phase_limit{-1};
  return [=](const sim::Engine& en, core::Time limit) mutable {
    const auto now = Clock::now();
    if (now - last < std::chrono::milliseconds(500)) return;
    last = now;
    if (limit != phase_limit) {  // a new run_until: measure the rate from here
      phase_limit = limit, phase_wall = now, phase_sim = en.now();
    }
    const double wall = std::chrono::duration<double>(now - start).count();
    const double phase = std::chrono::duration<double>(now - phase_wall).count();
    const double done = secs(en.now() - phase_sim);
    char left[48] = "";
    if (done > 0 && phase > 1)
      std::snprintf(left, sizeof left, ", at most %.0f s left in this phase",
                    phase / done * secs(limit - en.now()));
    const auto& v = en.views();
    std::fprintf(stderr, "\r\033[Ksim %.0f s: %zu of %zu nodes see all %zu live; wall %.0f s%s",
                 secs(en.now()), v.complete_observers(), v.live_count(), v.live_count(), wall,
                 left);
    std::fflush(stderr);
    g_shown = true;
  };
}

void end_progress() {
  if (!g_shown) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  g_shown = false;
}

}  // namespace rumor::cli
