// A few core::Nodes wired together in virtual time, for tests where the property is
// about two ends agreeing (encryption, labels): a client of sim::Engine, the one
// virtual-time shell, with every hop 1 ms and nothing lost. Every byte goes through the
// real codec on both sides; each peer keeps what it sent, sealed, and a
// RecordingDelegate of what its node told the layer above. No threads, no sleeps.
#pragma once

#include <memory>
#include <vector>

#include "harness.hpp"
#include "sim/addressing.hpp"
#include "sim/engine.hpp"

namespace rumor::testing {

class Wire {
 public:
  Wire() : engine_(options()) {
    engine_.tap_packets([this](sim::NodeId from, ByteView b) {
      peers_[from]->packets_sent.emplace_back(b.begin(), b.end());
    });
    engine_.tap_streams([this](sim::NodeId from, ByteView b) {
      peers_[from]->streams_sent.emplace_back(b.begin(), b.end());
    });
  }

  struct Peer {
    sim::NodeId id = sim::kNoNode;
    Address addr;
    RecordingDelegate delegate;
    Node* node = nullptr;             // the engine's; tests may call it between runs
    std::vector<Bytes> packets_sent;  // as they left, sealed
    std::vector<Bytes> streams_sent;  // requests and replies, sealed
  };

  // A node with `cfg` (the engine names it and gives it an address). Started at once.
  Peer& add(Config cfg = Config::lan()) {
    auto p = std::make_unique<Peer>();
    p->id = engine_.add_node(cfg, &p->delegate);
    p->addr = sim::node_address(p->id);
    p->node = &engine_.node(p->id);
    Peer& peer = *peers_.emplace_back(std::move(p));  // before it sends anything
    engine_.start(peer.id);
    return peer;
  }

  void join(Peer& who, const Peer& seed) { engine_.join(who.id, {seed.id}); }

  // Tests call nodes directly between runs: every node's deadline is re-read first.
  void run_for(Duration d) {
    for (auto& p : peers_) engine_.wake(p->id);
    engine_.run_until(engine_.now() + d);
  }

  Time now() const { return engine_.now(); }

 private:
  static sim::EngineOptions options() {
    sim::EngineOptions o;
    o.seed = 7;
    o.net = sim::NetworkOptions::fixed(std::chrono::milliseconds(1));
    return o;
  }

  sim::Engine engine_;
  std::vector<std::unique_ptr<Peer>> peers_;  // index = engine NodeId
};

}  // namespace rumor::testing
