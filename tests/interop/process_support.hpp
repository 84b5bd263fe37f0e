// Helpers shared by the tests that start real agent processes: running a command with
// a deadline, polling a condition with a deadline, reading a whole file.
#pragma once

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "agent/process.hpp"

namespace rumor::testing {

using namespace std::chrono_literals;

inline agent::ProcessResult sh(const std::string& cmd, std::chrono::milliseconds timeout = 15s) {
  return agent::run_process(agent::ProcessSpec{cmd, {}, "", 1 << 20, timeout});
}

// Polls `pred` every `step` until it holds or `timeout` passes.
template <class Pred>
bool eventually(Pred pred, std::chrono::seconds timeout, std::chrono::milliseconds step = 100ms) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(step);
  }
  return pred();
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace rumor::testing
