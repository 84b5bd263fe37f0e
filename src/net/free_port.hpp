// Finding free ports on 127.0.0.1 for processes we are about to start (tests, the
// benchmark, `rumor demo`): a port counts as free when both TCP and UDP can bind it,
// since an agent needs both on one port.
#pragma once

#include <cstdint>

namespace rumor::net {

bool loopback_port_free(std::uint16_t port);

// The first free port at or after `cursor`, which moves past it. Throws
// std::runtime_error when none of the next 1000 ports is free.
std::uint16_t take_loopback_port(std::uint16_t& cursor);

// Keeps `port` bound on 127.0.0.1, TCP and UDP, until destroyed, so that no other
// process takes it meanwhile: for a test that kills a process and later restarts it on
// its old port while other tests pick ports beside it. Holds what it can bind.
class LoopbackPortHold {
 public:
  explicit LoopbackPortHold(std::uint16_t port);
  ~LoopbackPortHold();
  LoopbackPortHold(const LoopbackPortHold&) = delete;
  LoopbackPortHold& operator=(const LoopbackPortHold&) = delete;

 private:
  int fds_[2] = {-1, -1};
};

}  // namespace rumor::net
