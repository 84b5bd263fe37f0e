// Running one handler as a child process: /bin/sh -c <command>, extra environment, a
// payload on stdin, stdout and stderr captured up to a cap, and a hard deadline after
// which the whole process group is killed. Blocking; the agent calls it from its
// handler thread, never from the gossip loop.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace rumor::agent {

struct ProcessSpec {
  std::string command;
  std::vector<std::string> env;  // "KEY=value", added to the agent's environment
  std::string stdin_data;
  std::size_t max_output = 8 * 1024;  // Serf's cap on handler output
  std::chrono::milliseconds timeout{30'000};
};

struct ProcessResult {
  bool started = false;
  bool timed_out = false;
  int exit_code = -1;  // -1 when killed by a signal or not started
  std::string output;  // the first max_output bytes of stdout + stderr
  std::size_t total_output = 0;
  bool ok() const noexcept { return started && !timed_out && exit_code == 0; }
};

// `on_step` (optional, for the agent's event trace): called with "spawn" just before the
// child is created and "started" once it exists, on the calling thread.
using ProcessStep = std::function<void(const char* step)>;
ProcessResult run_process(const ProcessSpec& spec, const ProcessStep& on_step = {});

}  // namespace rumor::agent
