// A long-running child (an agent in a test, a benchmark or `rumor demo`): started with
// fork/exec in a process group of its own, output appended to a log file, and always
// killed (SIGKILL to the whole group) when the object goes away, so nothing outlives
// its owner.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace rumor::agent {

class ChildProcess {
 public:
  // argv[0] is looked up in PATH. Throws std::system_error when fork fails; an exec
  // failure shows as the child exiting with status 127.
  ChildProcess(std::vector<std::string> argv, const std::string& log_path);
  ~ChildProcess();  // kill9()
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  void kill9();      // SIGKILL to the group, then reap
  void terminate();  // SIGTERM to the child only; see exited()
  bool interrupt();  // SIGINT to the child only
  bool exited();     // true once the child has exited (reaps it)
  pid_t pid() const noexcept { return pid_; }

 private:
  pid_t pid_ = -1;
};

}  // namespace rumor::agent
