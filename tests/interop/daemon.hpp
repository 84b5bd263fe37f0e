// A background process for interop tests: started with fork/exec in its own process
// group, output to a log file, and always killed (SIGKILL to the group) on destruction.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace rumor::testing {

class Daemon {
 public:
  Daemon(std::vector<std::string> argv, const std::string& log_path) {
    start(std::move(argv), log_path);
  }
  ~Daemon() { kill9(); }
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  void kill9() {
    if (pid_ <= 0) return;
    ::kill(-pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  void terminate() {  // SIGTERM, then reap (bounded by the caller's wait)
    if (pid_ > 0) ::kill(pid_, SIGTERM);
  }
  // True once the process has exited (reaps it).
  bool exited() {
    if (pid_ <= 0) return true;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return true;
    }
    return false;
  }
  pid_t pid() const { return pid_; }

 private:
  void start(std::vector<std::string> argv, const std::string& log_path) {
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::setpgid(0, 0);
      const int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (fd >= 0) {
        ::dup2(fd, STDOUT_FILENO);
        ::dup2(fd, STDERR_FILENO);
      }
      ::execvp(args[0], args.data());
      ::_exit(127);
    }
    if (pid_ > 0) ::setpgid(pid_, pid_);
  }
  pid_t pid_ = -1;
};

}  // namespace rumor::testing
