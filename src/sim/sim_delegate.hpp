// SimDelegate: the core::Delegate of one simulated node. It reports member events to
// the engine (for the membership views, death records and the trace hash) and runs
// epidemic user broadcasts the way Serf runs its events over memberlist: on first
// receipt deliver and re-queue with Node::broadcast so the message keeps spreading;
// repeats are ignored.
#pragma once

#include <cstdint>
#include <unordered_set>

#include "core/delegate.hpp"
#include "core/node.hpp"
#include "sim/addressing.hpp"

namespace rumor::sim {

class Engine;

class SimDelegate final : public core::Delegate {
 public:
  // `above`: a delegate told everything this one is (see Engine::add_node); may be null.
  SimDelegate(Engine& engine, NodeId self, std::size_t meta_bytes = 0,
              core::Delegate* above = nullptr)
      : engine_(engine), self_(self), above_(above), meta_bytes_(meta_bytes) {}
  void attach(core::Node* node) noexcept { node_ = node; }

  // Marks a broadcast as seen here and queues it (used by the originating node too).
  void spread(std::uint64_t id, ByteView payload);
  // Bumps the metadata this node advertises (for membership churn experiments). Its
  // size: meta_bytes (Serf's tags), at least the 4-byte version once bumped.
  void bump_meta() noexcept { ++meta_version_; }

  Bytes node_meta(std::size_t limit) override;
  void notify_message(ByteView msg) override;
  void notify_join(const core::Member& m) override;
  void notify_leave(const core::Member& m) override;
  void notify_update(const core::Member& m) override;
  void notify_conflict(const core::Member& existing, const core::Member& other) override;
  void notify_join_result(const Address& seed, bool ok) override;
  void notify_ping_complete(const core::Member& m, core::Duration rtt, ByteView payload) override;
  // Ours spread with Node::broadcast; only a delegate above may have its own.
  bool has_broadcasts() const override { return above_ && above_->has_broadcasts(); }
  void get_broadcasts(std::size_t overhead, std::size_t limit, std::vector<Bytes>& out) override;
  Bytes local_state(bool join) override;
  void merge_remote_state(ByteView state, bool join) override;
  Bytes ack_payload() override;

 private:
  Engine& engine_;
  NodeId self_;
  core::Delegate* above_;
  core::Node* node_ = nullptr;
  std::size_t meta_bytes_;
  std::uint32_t meta_version_ = 0;
  std::unordered_set<std::uint64_t> seen_;
};

}  // namespace rumor::sim
