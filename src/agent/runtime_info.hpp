// The "runtime" section of `info` (Serf's stats): the same keys Serf's agent reports
// about its Go runtime, filled with what they mean for this process.
#pragma once

#include <map>
#include <string>

namespace rumor::agent {

// arch (Go's names: amd64, arm64, ...), os, cpu_count and max_procs (the CPUs this
// process may run on, which is what Go's NumCPU and default GOMAXPROCS are), goroutines
// (here: the process's threads, rumor's unit of concurrency) and version ("rumor X.Y.Z",
// where Serf gives its Go version).
std::map<std::string, std::string> runtime_info();

}  // namespace rumor::agent
