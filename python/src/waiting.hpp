// Waiting for the event loop from Python: with the GIL released (other Python threads,
// and the loop, go on), in 100 ms slices so that Ctrl-C raises KeyboardInterrupt within a
// tenth of a second rather than after the wait.
#pragma once

#include <pybind11/pybind11.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>

namespace rumor::python {

using Clock = std::chrono::steady_clock;

// A deadline `seconds` from now; nullopt (wait for ever) for None.
std::optional<Clock::time_point> deadline_after(std::optional<double> seconds);

// Waits until ready() holds, then runs take() under the same lock; both are called with
// `mu` held. Returns false at `deadline` (nullopt: none). Call with the GIL held; throws
// pybind11::error_already_set for a pending KeyboardInterrupt.
template <class Ready, class Take>
bool wait_then(std::mutex& mu, std::condition_variable& cv, Ready ready, Take take,
               std::optional<Clock::time_point> deadline) {
  for (;;) {
    {
      pybind11::gil_scoped_release unlocked;
      std::unique_lock lock(mu);
      auto until = Clock::now() + std::chrono::milliseconds(100);
      if (deadline && *deadline < until) until = *deadline;
      if (cv.wait_until(lock, until, ready)) {
        take();
        return true;
      }
    }
    if (PyErr_CheckSignals() != 0) throw pybind11::error_already_set();
    if (deadline && Clock::now() >= *deadline) return false;
  }
}

}  // namespace rumor::python
