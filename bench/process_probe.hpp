// What the agent benchmarks read about a running process from /proc, and their bounded
// polling loop. Header-only: the benchmarks are single files.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace rumor::bench {

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// utime + stime of one process, in seconds (/proc/<pid>/stat fields 14 and 15).
inline double cpu_seconds(pid_t pid) {
  const std::string stat = slurp("/proc/" + std::to_string(pid) + "/stat");
  const auto close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream rest(stat.substr(close + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i)
    if (i == 14 || i == 15) ticks += std::stod(field);
  return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// Resident memory three ways (/proc/<pid>/smaps_rollup), in MB. RSS counts every
// shared page in full; PSS divides shared pages among the processes mapping them (32
// copies of one binary share its text); anonymous memory is the heap and stacks, what
// really grows per agent.
struct Memory {
  double rss = 0, pss = 0, anon = 0;
};
inline Memory memory_mb(pid_t pid) {
  std::istringstream in(slurp("/proc/" + std::to_string(pid) + "/smaps_rollup"));
  Memory m;
  std::string line;
  auto field = [&](const char* key, double& out) {
    if (line.rfind(key, 0) == 0) out = std::stod(line.substr(std::string(key).size())) / 1024.0;
  };
  while (std::getline(in, line)) {
    field("Rss:", m.rss);
    field("Pss:", m.pss);
    field("Anonymous:", m.anon);
  }
  return m;
}

// The q-quantile, nearest rank (q = 0.5: the median; of 9 values, q = 0.9 is the 9th).
inline double quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
  return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

// Polls `pred` every `step` until it holds or `timeout` passes; returns its last value.
template <class Pred>
bool wait_for(Pred pred, std::chrono::milliseconds timeout, std::chrono::milliseconds step) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(step);
  }
  return pred();
}

inline std::size_t count_lines(const std::filesystem::path& p) {
  const std::string s = slurp(p);
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

}  // namespace rumor::bench
