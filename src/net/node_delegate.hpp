// The facade's core::Delegate: turns the core's hooks into queued Events and join
// results. Lives on the loop thread. Hooks fire inside a Node input, where calling back
// into the Node is not allowed, so nothing here calls user code: events are only
// collected, and the facade publishes them after the input has returned.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "codec/bytes.hpp"
#include "codec/ip.hpp"
#include "core/delegate.hpp"
#include "net/events.hpp"

namespace rumor::net {

class NodeDelegate final : public core::Delegate {
 public:
  using JoinResult = std::function<void(const Address& seed, bool ok)>;

  explicit NodeDelegate(Bytes meta, JoinResult on_join_result)
      : meta_(std::move(meta)), on_join_result_(std::move(on_join_result)) {}

  void set_meta(Bytes meta) { meta_ = std::move(meta); }
  // Hands over the events collected since the last call.
  std::vector<Event> take_events() { return std::exchange(events_, {}); }
  bool has_events() const noexcept { return !events_.empty(); }

  Bytes node_meta(std::size_t limit) override;
  void notify_message(ByteView msg) override;
  void notify_join(const core::Member& m) override { member_event(EventKind::member_join, m); }
  void notify_leave(const core::Member& m) override { member_event(EventKind::member_leave, m); }
  void notify_update(const core::Member& m) override { member_event(EventKind::member_update, m); }
  void notify_join_result(const Address& seed, bool ok) override {
    if (on_join_result_) on_join_result_(seed, ok);
  }

 private:
  void member_event(EventKind kind, const core::Member& m) {
    events_.push_back(Event{kind, m, {}});
  }

  Bytes meta_;
  JoinResult on_join_result_;
  std::vector<Event> events_;
};

}  // namespace rumor::net
