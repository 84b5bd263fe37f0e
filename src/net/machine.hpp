// What the runtime drives: any protocol state machine with core::Node's input shape.
// core::Node is one; serf::Serf (built on top of a Node) is another. The runtime
// holds a Machine&, so it never needs to know which layer it is running.
#pragma once

#include "codec/bytes.hpp"
#include "codec/ip.hpp"
#include "core/effects.hpp"
#include "core/time.hpp"

namespace rumor::net {

class Machine {
 public:
  virtual ~Machine() = default;
  virtual void start(core::Time now) = 0;
  virtual void on_packet(const Address& from, ByteView packet, core::Time now) = 0;
  virtual void on_stream(core::StreamId id, const Address& from, ByteView request,
                         core::Time now) = 0;
  virtual void on_stream_reply(core::StreamId id, ByteView reply, core::Time now) = 0;
  virtual void on_stream_failed(core::StreamId id, core::Time now) = 0;
  virtual core::Time next_deadline() const = 0;
  virtual void on_timeout(core::Time now) = 0;
};

// Adapts any type with those member functions (core::Node, serf::Serf) to Machine
// without making the protocol layers depend on net/. Holds a reference: the adapted
// object must outlive the adapter.
template <class M>
class MachineRef final : public Machine {
 public:
  explicit MachineRef(M& m) : m_(m) {}
  void start(core::Time now) override { m_.start(now); }
  void on_packet(const Address& from, ByteView packet, core::Time now) override {
    m_.on_packet(from, packet, now);
  }
  void on_stream(core::StreamId id, const Address& from, ByteView request,
                 core::Time now) override {
    m_.on_stream(id, from, request, now);
  }
  void on_stream_reply(core::StreamId id, ByteView reply, core::Time now) override {
    m_.on_stream_reply(id, reply, now);
  }
  void on_stream_failed(core::StreamId id, core::Time now) override {
    m_.on_stream_failed(id, now);
  }
  core::Time next_deadline() const override { return m_.next_deadline(); }
  void on_timeout(core::Time now) override { m_.on_timeout(now); }

 private:
  M& m_;
};

}  // namespace rumor::net
