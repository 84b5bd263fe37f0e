// What a library user hears from a cluster: member events and user messages, and the
// thread-safe list of subscribers that receives them.
//
// Callbacks run on the runtime's loop thread, after the machine input that produced the
// events has returned, and never while a lock is held. They may call the facade's
// non-blocking functions (members, broadcast, send, ...), which then run inline; they
// must not block, and must not call join(), leave() or shutdown().
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <utility>
#include <vector>

#include "codec/bytes.hpp"
#include "core/member.hpp"

namespace rumor::net {

enum class EventKind : std::uint8_t {
  member_join,    // a member became alive (new, or back from the dead)
  member_leave,   // a member died or left: see member.state
  member_update,  // a member's meta or address changed
  user_message,   // a user broadcast or a direct message: see payload
};
const char* to_string(EventKind k) noexcept;

struct Event {
  EventKind kind = EventKind::member_join;
  core::Member member;  // the member after the change (member events)
  Bytes payload;        // user_message only
};

using EventCallback = std::function<void(const Event&)>;
using SubscriptionId = std::uint64_t;

class Subscribers {
 public:
  SubscriptionId add(EventCallback cb);
  void remove(SubscriptionId id);
  // Calls every subscriber for every event, in order, without holding the lock: the
  // list is copied first, so a callback may subscribe or unsubscribe.
  void publish(std::span<const Event> events);

 private:
  std::mutex mu_;
  SubscriptionId next_ = 1;
  std::vector<std::pair<SubscriptionId, std::shared_ptr<const EventCallback>>> subs_;
};

}  // namespace rumor::net
