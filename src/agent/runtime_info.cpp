#include "agent/runtime_info.hpp"

#include <sched.h>
#include <sys/utsname.h>

#include <filesystem>
#include <system_error>

#ifndef RUMOR_VERSION
#define RUMOR_VERSION "0.0.0"
#endif

namespace rumor::agent {

namespace {

// Go's GOARCH for the machine uname(2) names, so scripts written against Serf's info
// read the same words.
std::string go_arch() {
  utsname u{};
  if (::uname(&u) != 0) return "unknown";
  const std::string m = u.machine;
  if (m == "x86_64") return "amd64";
  if (m == "aarch64") return "arm64";
  if (m == "i386" || m == "i686") return "386";
  if (m.rfind("armv", 0) == 0) return "arm";
  return m;
}

int usable_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) != 0) return 1;
  return CPU_COUNT(&set);
}

std::size_t threads() {
  std::error_code ec;
  std::size_t n = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/task", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
    ++n;
  return n;
}

}  // namespace

std::map<std::string, std::string> runtime_info() {
  const std::string cpus = std::to_string(usable_cpus());
  return {
      {"arch", go_arch()}, {"cpu_count", cpus}, {"goroutines", std::to_string(threads())},
      {"max_procs", cpus}, {"os", "linux"},     {"version", std::string("rumor ") + RUMOR_VERSION}};
}

}  // namespace rumor::agent
