// See loopback.hpp.
#include "loopback.hpp"

#include <stdexcept>

#include "codec/packet.hpp"

namespace rumor::serf::test {

namespace {
sim::EngineOptions one_ms_hops() {
  sim::EngineOptions o;
  o.seed = 1000;
  o.net = sim::NetworkOptions::fixed(std::chrono::milliseconds(1));  // Serf's limits still apply
  return o;
}
}  // namespace

Loopback::Loopback() : engine_(one_ms_hops()) {
  engine_.tap_packets([this](sim::NodeId from, ByteView packet) {
    // Opened as the sender sealed it: with its keyring if it has one.
    if (auto opened = codec::open_packet(packet, "", {peers_[from]->serf->keyring(), false})) {
      for (const auto& m : opened->messages)
        if (m.type == codec::MessageType::user && !m.body.empty()) ++serf_sent[m.body[0]];
    }
  });
}

Loopback::Peer& Loopback::add(const std::string& name, Tags tags,
                              std::function<void(Config&)> tweak) {
  auto p = std::make_unique<Peer>();
  p->name = name;
  Config cfg;
  cfg.memberlist = core::Config::lan();  // Serf runs on memberlist's LAN profile
  cfg.memberlist.name = name;
  cfg.tags = std::move(tags);
  if (tweak) tweak(cfg);
  p->sink = std::make_unique<Recorder>();
  p->id = engine_.add_serf_node(cfg, p->sink.get());
  p->addr = sim::node_address(p->id);
  p->serf = &engine_.serf(p->id);
  peers_.push_back(std::move(p));
  return *peers_.back();
}

Loopback::Peer& Loopback::peer(const std::string& name) {
  for (auto& p : peers_)
    if (p->name == name) return *p;
  throw std::out_of_range(name);
}

void Loopback::start_and_join_all(Time settle) {
  for (auto& p : peers_) engine_.start(p->id);
  for (std::size_t i = 1; i < peers_.size(); ++i) engine_.join(peers_[i]->id, {peers_[0]->id});
  run_for(settle);
}

void Loopback::crash(const std::string& name) {
  engine_.crash(peer(name).id);
}

void Loopback::wake_all() {
  for (auto& p : peers_) {
    // Started by the test itself: a started Serf always has its reap timer armed.
    if (engine_.state(p->id) == sim::NodeState::idle && p->serf->next_deadline() != core::kNever)
      engine_.start(p->id);
    engine_.wake(p->id);
  }
}

void Loopback::at(Time when, std::function<void()> fn) {
  engine_.at(when, [this, fn = std::move(fn)] {
    fn();
    wake_all();
  });
}

void Loopback::run_until(Time end) {
  wake_all();
  engine_.run_until(end);
}

}  // namespace rumor::serf::test
