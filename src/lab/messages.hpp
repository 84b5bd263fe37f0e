// The messages of one cycle, for whoever wants to watch a run (the web simulator draws
// them): each message that carries the update, from its sender to its receiver. Runs
// record them only when given a log, so the lab's own runs pay one branch per message.
#pragma once

#include <cstdint>
#include <vector>

namespace rumor::lab {

struct Message {
  std::uint32_t from = 0, to = 0;
  bool pull = false;      // sent by the callee back to the caller (else by the caller)
  bool lost = false;      // lost on the way, or sent to a crashed node
  bool informed = false;  // the receiver learnt the update from it
};

using MessageLog = std::vector<Message>;

}  // namespace rumor::lab
