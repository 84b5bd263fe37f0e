// Hooks for the layers above the membership core (Serf, the simulator, library users).
// Every hook is called synchronously from inside a Node input. From a hook, an
// implementation may call Node::broadcast and Node::send_user_message (Serf answers
// queries from notify_message, as memberlist allows); it must not call the Node's input
// functions (on_packet, on_timeout, ...), which are not re-entrant.
#pragma once

#include <cstddef>
#include <vector>

#include "codec/bytes.hpp"
#include "core/member.hpp"
#include "core/time.hpp"
#include <rumor/export.hpp>

RUMOR_PUBLIC_BEGIN
namespace rumor::core {

class Delegate {
 public:
  virtual ~Delegate() = default;

  // Metadata advertised in our alive messages (Serf's tags); at most `limit` bytes.
  virtual Bytes node_meta(std::size_t /*limit*/) { return {}; }

  // A user message arrived (best effort packet or reliable stream, or a user broadcast).
  virtual void notify_message(ByteView /*msg*/) {}

  // More user broadcasts to piggyback: append messages to `out` whose sizes plus
  // `overhead` each sum to at most `limit`. The core's own broadcast() queue is served
  // first; this hook lets a layer keep queues of its own (Serf keeps three).
  virtual void get_broadcasts(std::size_t /*overhead*/, std::size_t /*limit*/,
                              std::vector<Bytes>& /*out*/) {}
  // False when get_broadcasts would add nothing, so a gossip round with no news at all
  // skips choosing peers. Unknown (the default): true.
  virtual bool has_broadcasts() const { return true; }

  // Anti-entropy state exchanged on push/pull (Serf: clocks, recent events, left members).
  virtual Bytes local_state(bool /*join*/) { return {}; }
  virtual void merge_remote_state(ByteView /*state*/, bool /*join*/) {}

  // Membership events. The Member is the state after the change.
  virtual void notify_join(const Member& /*m*/) {}
  virtual void notify_leave(const Member& /*m*/) {}  // state dead or left
  virtual void notify_update(const Member& /*m*/) {}
  // Someone claims a name we know with a different address.
  virtual void notify_conflict(const Member& /*existing*/, const Member& /*other*/) {}

  // Payload attached to our acks, and the RTT and payload of a completed probe.
  virtual Bytes ack_payload() { return {}; }
  virtual void notify_ping_complete(const Member& /*m*/, Duration /*rtt*/, ByteView /*payload*/) {}

  // Outcome of one join attempt (push/pull with a seed).
  virtual void notify_join_result(const Address& /*seed*/, bool /*ok*/) {}
};

}  // namespace rumor::core
RUMOR_PUBLIC_END
