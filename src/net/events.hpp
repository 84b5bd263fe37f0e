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
#include <rumor/export.hpp>

RUMOR_PUBLIC_BEGIN
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

// A thread-safe list of callbacks for events of type E (Event here; SerfEvent for
// SerfCluster).
template <class E>
class SubscriberList {
 public:
  using Callback = std::function<void(const E&)>;

  SubscriptionId add(Callback cb) {
    std::lock_guard lock(mu_);
    const SubscriptionId id = next_++;
    subs_.emplace_back(id, std::make_shared<const Callback>(std::move(cb)));
    return id;
  }
  void remove(SubscriptionId id) {
    std::lock_guard lock(mu_);
    std::erase_if(subs_, [id](const auto& s) { return s.first == id; });
  }
  // Calls every subscriber for every event, in order, without holding the lock: the
  // list is copied first, so a callback may subscribe or unsubscribe.
  void publish(std::span<const E> events) {
    if (events.empty()) return;
    std::vector<std::shared_ptr<const Callback>> callbacks;
    {
      std::lock_guard lock(mu_);
      callbacks.reserve(subs_.size());
      for (const auto& s : subs_) callbacks.push_back(s.second);
    }
    for (const E& e : events)
      for (const auto& cb : callbacks) (*cb)(e);
  }

 private:
  std::mutex mu_;
  SubscriptionId next_ = 1;
  std::vector<std::pair<SubscriptionId, std::shared_ptr<const Callback>>> subs_;
};

using Subscribers = SubscriberList<Event>;

}  // namespace rumor::net
RUMOR_PUBLIC_END
