#include "sim/trace_hash.hpp"

#include <cstdio>

namespace rumor::sim {

std::string to_hex(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

std::string TraceHash::hex() const {
  return to_hex(h_);
}

}  // namespace rumor::sim
