// Headless Chromium for the page tests (the dashboard, the web simulator): Debian's
// chromium, driven from the command line with --dump-dom or --screenshot. Virtual time
// (--virtual-time-budget) lets a page's timers and fetches run without real sleeps; it
// stands still while a fetch is pending.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include "interop/process_support.hpp"

namespace rumor::testing {

// The chromium binary's path, or empty when it is not installed.
inline std::string chromium_binary() {
  for (const char* name : {"chromium", "chromium-browser"}) {
    const auto r = sh(std::string("command -v ") + name);
    if (r.exit_code == 0 && !r.output.empty()) {
      auto path = r.output;
      while (!path.empty() && (path.back() == '\n' || path.back() == '\r')) path.pop_back();
      return path;
    }
  }
  return {};
}

// Loads `url` in headless chromium with `mode` (--dump-dom, --screenshot=FILE) after
// `budget_ms` of virtual time; `profile` is a scratch user-data directory.
inline agent::ProcessResult headless(const std::string& chromium,
                                     const std::filesystem::path& profile, const std::string& url,
                                     const std::string& mode, int budget_ms = 5000) {
  using namespace std::chrono_literals;
  const std::string cmd = chromium +
                          " --headless --disable-gpu --no-sandbox --disable-dev-shm-usage"
                          " --no-first-run --no-default-browser-check --disable-extensions"
                          " --disable-background-networking --disable-sync"
                          " --user-data-dir=" +
                          profile.string() + " --window-size=1280,1100 --virtual-time-budget=" +
                          std::to_string(budget_ms) + " " + mode + " '" + url + "' 2>/dev/null";
  return agent::run_process(agent::ProcessSpec{cmd, {}, "", 8 << 20, 90s});
}

}  // namespace rumor::testing
