// Test harness for driving one core::Node message by message: records every effect,
// builds inbound packets, and decodes what the node sent.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "codec/packet.hpp"
#include "core/node.hpp"

namespace rumor::testing {

using namespace rumor::core;

inline Address addr_of(int i) {
  return Address{Ip::v4(10, 0, 0, static_cast<std::uint8_t>(i)), 7946};
}

struct SentPacket {
  Address to;
  Bytes bytes;
};
struct OpenedStreamRec {
  StreamId id;
  Address to;
  Bytes request;
  bool expect_reply;
  Time deadline;
};

class RecordingEffects : public Effects {
 public:
  void send_packet(const Address& to, ByteView packet) override {
    packets.push_back({to, Bytes(packet.begin(), packet.end())});
  }
  void open_stream(StreamId id, const Address& to, ByteView request, bool expect_reply,
                   Time deadline) override {
    streams.push_back({id, to, Bytes(request.begin(), request.end()), expect_reply, deadline});
  }
  void reply_stream(StreamId id, ByteView reply) override {
    replies.emplace_back(id, Bytes(reply.begin(), reply.end()));
  }
  void clear() {
    packets.clear();
    streams.clear();
    replies.clear();
  }
  std::vector<SentPacket> packets;
  std::vector<OpenedStreamRec> streams;
  std::vector<std::pair<StreamId, Bytes>> replies;
};

class RecordingDelegate : public Delegate {
 public:
  void notify_join(const Member& m) override { joins.push_back(m.name); }
  void notify_leave(const Member& m) override { leaves.emplace_back(m.name, m.state); }
  void notify_update(const Member& m) override { updates.push_back(m.name); }
  void notify_conflict(const Member& a, const Member&) override { conflicts.push_back(a.name); }
  void notify_message(ByteView msg) override { messages.emplace_back(msg.begin(), msg.end()); }
  void notify_join_result(const Address&, bool ok) override { join_results.push_back(ok); }
  void notify_ping_complete(const Member& m, Duration rtt, ByteView payload) override {
    pings_completed.push_back({m.name, rtt, Bytes(payload.begin(), payload.end())});
  }
  struct PingComplete {
    std::string name;
    Duration rtt;
    Bytes payload;
  };
  std::vector<PingComplete> pings_completed;
  std::vector<std::string> joins, updates, conflicts;
  std::vector<bool> join_results;
  std::vector<std::pair<std::string, MemberState>> leaves;
  std::vector<Bytes> messages;
};

// One plain message found in what a node sent.
struct SentMessage {
  Address to;
  codec::MessageType type;
  Bytes body;
};

// `decrypt`: the sender's keyring, when it encrypts.
inline std::vector<SentMessage> messages_in(const std::vector<SentPacket>& packets,
                                            const codec::DecryptOptions& decrypt = {}) {
  std::vector<SentMessage> out;
  for (const auto& p : packets) {
    auto opened = codec::open_packet(p.bytes, "", decrypt);
    EXPECT_TRUE(opened.ok()) << "node sent a packet it cannot open itself";
    if (!opened) continue;
    for (const auto& m : opened->messages)
      out.push_back({p.to, m.type, Bytes(m.body.begin(), m.body.end())});
  }
  return out;
}

inline std::vector<SentMessage> of_type(const std::vector<SentMessage>& all, codec::MessageType t) {
  std::vector<SentMessage> out;
  for (const auto& m : all)
    if (m.type == t) out.push_back(m);
  return out;
}

// `encrypt`: the keyring to seal with, when the receiving node expects encryption.
template <class Msg>
Bytes packet_of(const Msg& m, const codec::EncryptOptions& encrypt = {}) {
  Bytes msg;
  codec::encode(m, msg);
  codec::SealOptions opt;
  opt.encrypt = encrypt;
  return codec::seal_packet(msg, opt);
}

inline codec::Alive alive_msg(const std::string& name, int addr_index, std::uint32_t inc) {
  codec::Alive a;
  a.node = name;
  a.incarnation = inc;
  a.addr = addr_of(addr_index).ip;
  a.port = addr_of(addr_index).port;
  a.vsn = {1, 5, 2, 0, 0, 0};
  return a;
}

// A started node named "self" at 10.0.0.1 with LAN config and `peers` alive members
// named "n2".."n<peers+1>" at 10.0.0.2.. learned by alive messages.
struct NodeFixture {
  explicit NodeFixture(int peers = 0, Config cfg = Config::lan(), std::uint64_t seed = 1)
      : node(make_config(std::move(cfg)), fx, &delegate, seed) {
    node.start(now);
    for (int i = 2; i < peers + 2; ++i) inject(alive_msg("n" + std::to_string(i), i, 1));
    clear();
  }
  static Config make_config(Config cfg) {
    cfg.name = "self";
    cfg.advertise = addr_of(1);
    return cfg;
  }
  // Sealed with the node's own keyring when it encrypts, as a peer sharing it would.
  template <class Msg>
  void inject(const Msg& m, int from = 2) {
    node.on_packet(addr_of(from), packet_of(m, encrypt()), now);
  }
  void advance(Duration d) {
    const Time end = now + d;
    // Bounded: a node re-arms its periodic timers strictly in the future.
    for (int i = 0; i < 1'000'000 && node.next_deadline() <= end; ++i) {
      now = std::max(now, node.next_deadline());
      node.on_timeout(now);
      if (auto_ack) answer_pings();
    }
    now = end;
  }
  // With auto_ack, every peer answers our pings at once: probes always succeed, so a
  // test can watch one rule without our own probing interfering.
  void answer_pings() {
    for (; answered < fx.packets.size(); ++answered) {
      auto opened = codec::open_packet(fx.packets[answered].bytes, "", decrypt());
      if (!opened) continue;
      for (const auto& m : opened->messages) {
        if (m.type != codec::MessageType::ping) continue;
        if (auto p = codec::decode_ping(m.body))
          node.on_packet(fx.packets[answered].to, packet_of(codec::Ack{p->seq_no, {}}, encrypt()),
                         now);
      }
    }
  }
  bool auto_ack = false;
  std::size_t answered = 0;
  std::vector<SentMessage> sent() const { return messages_in(fx.packets, decrypt()); }
  // Opens what the node seals: its own keyring, if it has one.
  codec::DecryptOptions decrypt() const {
    return codec::DecryptOptions{node.config().encryption.keyring.get(), true};
  }
  // Seals as the node does: with its keyring (and nonces) when it encrypts.
  codec::EncryptOptions encrypt() const {
    const Encryption& e = node.config().encryption;
    if (!e.encrypts()) return {};
    return codec::EncryptOptions{e.keyring.get(), e.nonce, node.config().encryption_version()};
  }
  void clear() {
    fx.clear();
    answered = 0;
  }

  RecordingEffects fx;
  RecordingDelegate delegate;
  Time now{std::chrono::seconds(100)};
  Node node;
};

}  // namespace rumor::testing
