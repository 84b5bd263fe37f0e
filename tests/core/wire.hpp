// A few core::Nodes wired together in virtual time, for tests where the property is
// about two ends agreeing (encryption, labels): packets arrive 1 ms after they are
// sent, a stream is answered by its target 1 ms after it opens and the reply arrives
// 1 ms later. Every byte goes through the real codec on both sides. No threads, no
// sleeps; each node has its own Config and seed.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness.hpp"
#include "virtual_loop.hpp"

namespace rumor::testing {

class Wire {
 public:
  struct Peer : Effects {
    Wire* net = nullptr;
    Address addr;
    RecordingDelegate delegate;
    std::unique_ptr<Node> node;
    std::vector<Bytes> packets_sent;  // as they left, sealed
    std::vector<Bytes> streams_sent;  // requests and replies, sealed
    std::map<StreamId, Bytes> replies;

    void send_packet(const Address& to, ByteView packet) override {
      packets_sent.emplace_back(packet.begin(), packet.end());
      net->deliver_packet(addr, to, Bytes(packet.begin(), packet.end()));
    }
    void open_stream(StreamId id, const Address& to, ByteView request, bool expect_reply,
                     Time) override {
      streams_sent.emplace_back(request.begin(), request.end());
      net->deliver_stream(*this, id, to, Bytes(request.begin(), request.end()), expect_reply);
    }
    void reply_stream(StreamId id, ByteView reply) override {
      streams_sent.emplace_back(reply.begin(), reply.end());
      replies[id] = Bytes(reply.begin(), reply.end());
    }
  };

  // A node named `name` at 10.0.0.<n> (n counts from 1). Started at once.
  Peer& add(const std::string& name, Config cfg = Config::lan()) {
    auto p = std::make_unique<Peer>();
    p->net = this;
    p->addr = addr_of(static_cast<int>(peers_.size()) + 1);
    cfg.name = name;
    cfg.advertise = p->addr;
    p->node = std::make_unique<Node>(std::move(cfg), *p, &p->delegate, 7 + peers_.size());
    p->node->start(loop_.now);
    peers_.push_back(std::move(p));
    return *peers_.back();
  }

  void join(Peer& who, const Peer& seed) {
    who.node->join(std::span<const Address>(&seed.addr, 1), loop_.now);
  }

  void run_for(Duration d) {
    loop_.run_until(loop_.now + d, [&](auto visit) {
      for (auto& p : peers_) visit(*p->node);
    });
  }

  Time now() const { return loop_.now; }

 private:
  static constexpr Duration kHop = std::chrono::milliseconds(1);

  Peer* find(const Address& a) {
    for (auto& p : peers_)
      if (p->addr == a) return p.get();
    return nullptr;
  }
  void at(Time t, std::function<void()> fn) { loop_.at(t, std::move(fn)); }

  void deliver_packet(const Address& from, const Address& to, Bytes bytes) {
    at(loop_.now + kHop, [this, from, to, bytes = std::move(bytes)] {
      if (Peer* p = find(to)) p->node->on_packet(from, bytes, loop_.now);
    });
  }
  void deliver_stream(Peer& from, StreamId id, const Address& to, Bytes request,
                      bool expect_reply) {
    at(loop_.now + kHop, [this, &from, id, to, expect_reply, request = std::move(request)] {
      std::optional<Bytes> reply;
      if (Peer* target = find(to)) {
        const StreamId sid = next_stream_++;
        target->node->on_stream(sid, from.addr, request, loop_.now);
        if (auto it = target->replies.find(sid); it != target->replies.end()) {
          reply = std::move(it->second);
          target->replies.erase(it);
        }
      }
      if (!expect_reply) return;
      at(loop_.now + kHop, [this, &from, id, reply = std::move(reply)] {
        if (reply) {
          from.node->on_stream_reply(id, *reply, loop_.now);
        } else {
          from.node->on_stream_failed(id, loop_.now);
        }
      });
    });
  }

  VirtualLoop loop_{Time(std::chrono::seconds(100))};
  std::vector<std::unique_ptr<Peer>> peers_;
  StreamId next_stream_ = 1'000'000;
};

}  // namespace rumor::testing
