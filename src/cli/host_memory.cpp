#include "cli/host_memory.hpp"

#include <sys/resource.h>

#include <fstream>
#include <sstream>

namespace rumor::cli {
namespace {

std::uint64_t mem_total() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  std::uint64_t kib = 0;
  std::string unit;
  while (in >> key >> kib >> unit)
    if (key == "MemTotal:") return kib * 1024;
  return 0;
}

// cgroup v2: /proc/self/cgroup has "0::/path"; its memory.max is a number or "max".
std::uint64_t cgroup_max() {
  std::ifstream self("/proc/self/cgroup");
  std::string line;
  while (std::getline(self, line)) {
    if (line.rfind("0::", 0) != 0) continue;
    std::ifstream f("/sys/fs/cgroup" + line.substr(3) + "/memory.max");
    std::string v;
    if (f >> v && v != "max") {
      std::istringstream n(v);
      std::uint64_t bytes = 0;
      if (n >> bytes) return bytes;
    }
  }
  return 0;
}

}  // namespace

MemoryLimit host_memory_limit() {
  MemoryLimit m{mem_total(), "MemTotal"};
  auto lower = [&m](std::uint64_t b, const char* source) {
    if (b != 0 && (m.bytes == 0 || b < m.bytes)) m = {b, source};
  };
  lower(cgroup_max(), "cgroup memory.max");
  rlimit r{};
  if (getrlimit(RLIMIT_AS, &r) == 0 && r.rlim_cur != RLIM_INFINITY)
    lower(static_cast<std::uint64_t>(r.rlim_cur), "RLIMIT_AS");
  return m;
}

}  // namespace rumor::cli
