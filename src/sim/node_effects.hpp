// NodeEffects: the core::Effects sink of one simulated node. It only tags each effect
// with the node it came from and hands it to the engine, which models the network.
#pragma once

#include "core/effects.hpp"
#include "sim/engine.hpp"

namespace rumor::sim {

class NodeEffects final : public core::Effects {
 public:
  NodeEffects(Engine& engine, NodeId self) : engine_(engine), self_(self) {}

  void send_packet(const Address& to, ByteView packet) override {
    engine_.send_packet(self_, to, packet);
  }
  void open_stream(core::StreamId id, const Address& to, ByteView request, bool expect_reply,
                   core::Time deadline) override {
    engine_.open_stream(self_, id, to, request, expect_reply, deadline);
  }
  void reply_stream(core::StreamId id, ByteView reply) override {
    engine_.reply_stream(self_, id, reply);
  }

 private:
  Engine& engine_;
  NodeId self_;
};

}  // namespace rumor::sim
