// See loopback.hpp.
#include "loopback.hpp"

#include <algorithm>

#include "codec/packet.hpp"

namespace rumor::serf::test {

namespace {
constexpr core::Duration kHop = std::chrono::milliseconds(1);
}

Loopback::Peer& Loopback::add(const std::string& name, Tags tags,
                              std::function<void(Config&)> tweak) {
  auto p = std::make_unique<Peer>();
  p->name = name;
  p->addr = Address{Ip::v4(10, 0, 0, static_cast<std::uint8_t>(peers_.size() + 1)), 7946};
  Config cfg;
  cfg.memberlist = core::Config::lan();  // Serf runs on memberlist's LAN profile
  cfg.memberlist.name = name;
  cfg.memberlist.advertise = p->addr;
  cfg.tags = std::move(tags);
  if (tweak) tweak(cfg);
  p->fx = std::make_unique<Fx>();
  p->fx->net = this;
  p->fx->self = p.get();
  p->sink = std::make_unique<Recorder>();
  p->serf = std::make_unique<Serf>(cfg, *p->fx, *p->sink, 1000 + peers_.size());
  peers_.push_back(std::move(p));
  return *peers_.back();
}

Loopback::Peer& Loopback::peer(const std::string& name) {
  for (auto& p : peers_)
    if (p->name == name) return *p;
  throw std::out_of_range(name);
}

Loopback::Peer* Loopback::find(const Address& a) {
  for (auto& p : peers_)
    if (p->addr == a) return p.get();
  return nullptr;
}

void Loopback::start_and_join_all(Time settle) {
  for (auto& p : peers_) p->serf->start(now);
  for (std::size_t i = 1; i < peers_.size(); ++i) {
    const Address seed = peers_[0]->addr;
    (void)peers_[i]->serf->join(std::span<const Address>(&seed, 1), false, now);
  }
  run_for(settle);
}

void Loopback::crash(const std::string& name) {
  peer(name).up = false;
}

void Loopback::run_until(Time end) {
  VirtualLoop::run_until(end, [&](auto visit) {
    for (auto& p : peers_)
      if (p->up) visit(*p->serf);
  });
}

void Loopback::Fx::send_packet(const Address& to, ByteView packet) {
  if (!self->up) return;
  Loopback* n = net;
  const Address from = self->addr;
  // Opened as the sender sealed it: with its keyring if it has one.
  if (auto opened = codec::open_packet(packet, "", {self->serf->keyring(), false})) {
    for (const auto& m : opened->messages)
      if (m.type == codec::MessageType::user && !m.body.empty()) ++n->serf_sent[m.body[0]];
  }
  n->at(n->now + kHop, [n, to, from, bytes = Bytes(packet.begin(), packet.end())] {
    Peer* target = n->find(to);
    if (!target || !target->up) return;
    ++n->packets_delivered;
    target->serf->on_packet(from, bytes, n->now);
  });
}

void Loopback::Fx::open_stream(core::StreamId id, const Address& to, ByteView request,
                               bool expect_reply, Time /*deadline*/) {
  if (!self->up) return;
  Loopback* n = net;
  Peer* from = self;
  n->at(n->now + kHop,
        [n, id, to, from, expect_reply, req = Bytes(request.begin(), request.end())] {
          Peer* target = n->find(to);
          std::optional<Bytes> reply;
          if (target && target->up) {
            const core::StreamId sid = n->next_stream_++;
            target->serf->on_stream(sid, from->addr, req, n->now);
            auto it = target->fx->replies.find(sid);
            if (it != target->fx->replies.end()) {
              reply = std::move(it->second);
              target->fx->replies.erase(it);
            }
          }
          if (!expect_reply) return;
          n->at(n->now + kHop, [n, id, from, reply] {
            if (!from->up) return;
            if (reply) {
              from->serf->on_stream_reply(id, *reply, n->now);
            } else {
              from->serf->on_stream_failed(id, n->now);
            }
          });
        });
}

}  // namespace rumor::serf::test
