// Node faults: crash, restart and stall. Part of Engine; kept apart because these are
// the rules an experiment is about, while engine.cpp is plumbing.
#include <algorithm>

#include "sim/engine.hpp"
#include "sim/sim_delegate.hpp"
#include "sim/stats_math.hpp"

namespace rumor::sim {

void Engine::crash(NodeId n) {
  Slot& s = slots_[n];
  if (s.state != NodeState::up) return;
  s.state = NodeState::crashed;
  s.last_incarnation = s.node->self().incarnation;
  ++s.timer_version;  // its pending timer event goes stale
  s.scheduled = core::kNever;
  drop_queued(n);
  views_.set_live(n, false);
}

void Engine::drop_queued(NodeId n) {
  Slot& s = slots_[n];
  for (const Queued& q : s.stall_queue) free_message(q.arg);
  s.stall_queue.clear();
  s.stalled = false;
  ++s.stall_token;
}

void Engine::restart(NodeId n, RestartMode mode, const std::vector<NodeId>& seeds) {
  Slot& s = slots_[n];
  if (s.state == NodeState::up) crash(n);
  if (!s.past) s.past = std::make_unique<core::Stats>();
  add_stats(*s.past, s.node->stats());
  if (s.serf) s.past_pruned += s.serf->pruned_broadcasts();
  s.left_at = core::kNever;
  ++s.life;  // replies and failures for the old life's streams are dropped
  // fresh: incarnation 1, so the node must refute its own death as memberlist does;
  // keep: start above what the cluster last heard from us.
  const std::uint32_t inc = mode == RestartMode::keep ? s.last_incarnation + 1 : 0;
  make_node(n, inc);
  views_.reset_observer(n);
  s.state = NodeState::idle;
  start(n);
  join(n, seeds);
}

void Engine::stall(NodeId n, core::Duration d) {
  Slot& s = slots_[n];
  if (s.state != NodeState::up) return;
  const core::Time until = now_ + d;
  if (s.stalled && until <= s.stall_until) return;
  s.stalled = true;
  s.stall_until = until;
  ++s.stall_token;
  queue_.push(until, EventKind::stall_end, n, s.stall_token);
}

// A stalled node coming back: the inputs that waited are handled in arrival order, and
// the overdue timers after them or before them (see StallOrder).
void Engine::end_stall(NodeId n, std::uint32_t token) {
  Slot& s = slots_[n];
  if (!s.stalled || token != s.stall_token || s.state != NodeState::up) return;
  s.stalled = false;
  std::vector<Queued> queued = std::move(s.stall_queue);
  s.stall_queue.clear();
  auto overdue = [&] {
    if (drive(s, [](auto& mc) { return mc.next_deadline(); }) <= now_)
      drive(s, [&](auto& mc) { mc.on_timeout(now_); });
  };
  if (stall_order_ == StallOrder::timers_first) overdue();
  for (const Queued& q : queued) {
    // A Serf node may finish its leave, and stop, partway through what waited.
    if (s.state != NodeState::up) {
      free_message(q.arg);
      continue;
    }
    process(n, q.kind, q.arg);
  }
  if (s.state != NodeState::up) return;
  overdue();
  reschedule(n);
  if (s.stall_queue.capacity() == 0) {
    queued.clear();
    s.stall_queue = std::move(queued);  // keep the capacity for the next stall
  }
}

}  // namespace rumor::sim
