// How much memory this process may use: the least of the machine's RAM, its cgroup's
// limit and its address-space rlimit (what the kernel would enforce first).
#pragma once

#include <cstdint>
#include <string>

namespace rumor::cli {

struct MemoryLimit {
  std::uint64_t bytes = 0;
  std::string source;  // "MemTotal", "cgroup memory.max", "RLIMIT_AS"
};

MemoryLimit host_memory_limit();

}  // namespace rumor::cli
