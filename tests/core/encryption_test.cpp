// Encryption in the core: what memberlist's Keyring, GossipVerifyIncoming and
// GossipVerifyOutgoing do, seen from nodes that talk to each other.
#include <gtest/gtest.h>

#include <algorithm>

#include "codec/crypto.hpp"
#include "core/nonce.hpp"
#include "harness.hpp"
#include "wire.hpp"

using namespace rumor;
using namespace rumor::testing;

namespace {

// The key of vectors/encrypted.vectors.txt, and another one.
Bytes key_a() {
  return *codec::key_from_base64("SGVsbG9SdW1vclRlc3RLZXkzMkJ5dGVzTG9uZyEhISE=");
}
Bytes key_b() {
  return Bytes(16, 0xB0);
}

std::shared_ptr<codec::Keyring> ring_of(const Bytes& key) {
  return std::make_shared<codec::Keyring>(*codec::Keyring::create(key));
}

Config encrypted(const Bytes& key, std::uint64_t nonce_seed, bool verify_incoming = true,
                 bool verify_outgoing = true) {
  Config c = Config::lan();
  c.encryption.keyring = ring_of(key);
  c.encryption.nonce = seeded_nonces(nonce_seed);
  c.encryption.verify_incoming = verify_incoming;
  c.encryption.verify_outgoing = verify_outgoing;
  return c;
}

std::uint64_t undecryptable(const Wire::Peer& p) {
  return p.node->stats().dropped[static_cast<std::size_t>(DropReason::undecryptable)];
}

// Both ends see each other alive, every probe was answered and nothing was dropped.
void expect_healthy(const Wire::Peer& p, std::size_t members = 2) {
  EXPECT_EQ(p.node->num_alive(), members) << p.node->self().name;
  EXPECT_EQ(p.node->stats().probe_failures, 0u) << p.node->self().name;
  EXPECT_EQ(p.node->stats().dropped_total(), 0u) << p.node->self().name;
}

bool opens_with(const Bytes& packet, const Bytes& key) {
  return codec::open_packet(packet, "", {ring_of(key).get(), true}).ok();
}

}  // namespace

TEST(Encryption, NodesSharingAKeyJoinProbeAndPushPullOverSealedTraffic) {
  Wire w;
  auto& a = w.add(encrypted(key_a(), 1));
  auto& b = w.add(encrypted(key_a(), 2));
  w.join(b, a);
  w.run_for(40s);  // past a periodic push/pull

  EXPECT_EQ(b.delegate.join_results, std::vector<bool>{true});
  for (const auto* p : {&a, &b}) {
    expect_healthy(*p);
    EXPECT_GT(p->node->stats().probes, 0u);
    EXPECT_EQ(p->node->stats().plain_in, 0u);
  }
  EXPECT_GE(a.node->stats().push_pulls + b.node->stats().push_pulls, 2u);
  // Every packet is [version 1][nonce][ciphertext][tag] under the shared key, and only it.
  for (const auto* p : {&a, &b}) {
    ASSERT_FALSE(p->packets_sent.empty());
    for (const Bytes& packet : p->packets_sent) {
      EXPECT_EQ(packet.at(0), 1);
      EXPECT_TRUE(opens_with(packet, key_a()));
      EXPECT_FALSE(opens_with(packet, key_b()));
    }
    ASSERT_FALSE(p->streams_sent.empty());
    for (const Bytes& stream : p->streams_sent)
      EXPECT_EQ(stream.at(0), static_cast<std::uint8_t>(codec::MessageType::encrypt));
  }
}

TEST(Encryption, UserMessagesArriveByPacketByStreamAndByBroadcast) {
  Wire w;
  auto& a = w.add(encrypted(key_a(), 1));
  auto& b = w.add(encrypted(key_a(), 2));
  w.join(b, a);
  w.run_for(2s);
  const Bytes by_packet{1}, by_stream{2, 2}, by_broadcast{3, 3, 3};
  a.node->send_user_message(b.addr, by_packet, false, w.now());
  a.node->send_user_message(b.addr, by_stream, true, w.now());
  a.node->broadcast(by_broadcast);
  w.run_for(2s);
  for (const Bytes& m : {by_packet, by_stream, by_broadcast})
    EXPECT_NE(std::find(b.delegate.messages.begin(), b.delegate.messages.end(), m),
              b.delegate.messages.end());
}

TEST(Encryption, ANodeWithAnotherKeyCannotJoinAndItsPacketsAreCountedUndecryptable) {
  Wire w;
  auto& a = w.add(encrypted(key_a(), 1));
  auto& c = w.add(encrypted(key_b(), 2));
  w.join(c, a);
  w.run_for(5s);
  EXPECT_EQ(c.delegate.join_results, std::vector<bool>{false});
  EXPECT_EQ(a.node->num_alive(), 1u);
  EXPECT_EQ(c.node->num_alive(), 1u);
  EXPECT_EQ(undecryptable(a), 1u);  // the join's push/pull stream

  c.node->send_user_message(a.addr, Bytes{9}, false, w.now());
  w.run_for(1s);
  EXPECT_EQ(undecryptable(a), 2u);
  EXPECT_TRUE(a.delegate.messages.empty());
  // Its own reason, not lumped in with garbage.
  EXPECT_EQ(a.node->stats().dropped[static_cast<std::size_t>(DropReason::malformed)], 0u);
}

TEST(Encryption, AVerifyingNodeRefusesPlainPacketsAndPlainStreams) {
  Wire w;
  auto& a = w.add(encrypted(key_a(), 1));
  auto& p = w.add();
  w.join(p, a);
  w.run_for(1s);
  EXPECT_EQ(p.delegate.join_results, std::vector<bool>{false});
  EXPECT_EQ(undecryptable(a), 1u);
  p.node->send_user_message(a.addr, Bytes{9}, false, w.now());
  w.run_for(1s);
  EXPECT_EQ(undecryptable(a), 2u);
  EXPECT_TRUE(a.delegate.messages.empty());
}

TEST(Encryption, RollingUpgradeStepOneAcceptsPlainPeersAndSendsPlain) {
  // Step 1: every node gets the key but neither verifies nor encrypts yet.
  Wire w;
  auto& a = w.add(encrypted(key_a(), 1, /*verify_incoming=*/false, /*verify_outgoing=*/false));
  auto& p = w.add();
  w.join(p, a);
  w.run_for(10s);
  EXPECT_EQ(p.delegate.join_results, std::vector<bool>{true});
  expect_healthy(a);
  expect_healthy(p);
  EXPECT_GT(a.node->stats().plain_in, 0u);
  for (const Bytes& packet : a.packets_sent) EXPECT_TRUE(codec::open_packet(packet, "").ok());
}

TEST(Encryption, RollingUpgradeStepTwoEncryptsAndStillAcceptsPlain) {
  // Step 2 nodes encrypt; step 1 nodes (still sending plain) are understood.
  Wire w;
  auto& one = w.add(encrypted(key_a(), 1, false, false));
  auto& two = w.add(encrypted(key_a(), 2, false, true));
  w.join(two, one);
  w.run_for(10s);
  EXPECT_EQ(two.delegate.join_results, std::vector<bool>{true});
  expect_healthy(one);
  expect_healthy(two);
  EXPECT_EQ(one.node->stats().plain_in, 0u);  // everything from `two` decrypted
  EXPECT_GT(two.node->stats().plain_in, 0u);  // `one` still sends plain
  for (const Bytes& packet : two.packets_sent) EXPECT_TRUE(opens_with(packet, key_a()));
}

TEST(Encryption, AKeyRotatedThroughEachNodesKeyringInputKeepsTheClusterTogether) {
  // What Serf's install-key, use-key and remove-key do, done by hand: each step is a new
  // ring given to each node (Node::set_keyring) and takes effect on its next packet.
  Wire w;
  auto& a = w.add(encrypted(key_a(), 1));
  auto& b = w.add(encrypted(key_a(), 2));
  w.join(b, a);
  w.run_for(3s);
  auto step = [&](Wire::Peer& p, auto change) {
    codec::Keyring ring = *p.node->keyring();
    ASSERT_TRUE(change(ring).ok());
    ASSERT_TRUE(p.node->set_keyring(std::move(ring)));
  };
  auto install_b = [](codec::Keyring& r) { return r.install(key_b()); };
  auto use_b = [](codec::Keyring& r) { return r.use(key_b()); };
  auto remove_a = [](codec::Keyring& r) { return r.remove(key_a()); };
  for (auto* p : {&a, &b}) step(*p, install_b);
  w.run_for(3s);
  step(a, use_b);  // a now seals with B; b still with A
  w.run_for(3s);
  step(b, use_b);
  w.run_for(3s);
  for (auto* p : {&a, &b}) step(*p, remove_a);
  a.packets_sent.clear();
  w.run_for(35s);
  expect_healthy(a);
  expect_healthy(b);
  ASSERT_FALSE(a.packets_sent.empty());
  for (const Bytes& packet : a.packets_sent) {
    EXPECT_TRUE(opens_with(packet, key_b()));
    EXPECT_FALSE(opens_with(packet, key_a()));
  }
  EXPECT_EQ(a.node->keyring()->keys(), std::vector<Bytes>{key_b()});
}

TEST(Encryption, ANodeWithoutEncryptionRefusesAKeyring) {
  Wire w;
  auto& p = w.add();
  EXPECT_EQ(p.node->keyring(), nullptr);
  EXPECT_FALSE(p.node->set_keyring(*codec::Keyring::create(key_a())));
  EXPECT_EQ(p.node->keyring(), nullptr);
}

TEST(Encryption, TheNodeKeepsItsOwnRingNotTheOneItWasGiven) {
  Config c = encrypted(key_a(), 1);
  auto given = std::make_shared<codec::Keyring>(*c.encryption.keyring);
  c.encryption.keyring = given;
  Wire w;
  auto& p = w.add(c);
  ASSERT_TRUE(given->install(key_b()).ok());
  EXPECT_EQ(p.node->keyring()->keys(), std::vector<Bytes>{key_a()});
}

TEST(Encryption, APlainPacketIsReadWhenNotVerifyingAndDroppedWhenVerifying) {
  for (bool verify : {false, true}) {
    NodeFixture f(0, encrypted(key_a(), 1, verify, true));
    f.node.on_packet(addr_of(2), packet_of(codec::Ping{7, "self", {}, {}, 0}), f.now);
    const auto acks = of_type(f.sent(), codec::MessageType::ack);
    EXPECT_EQ(acks.size(), verify ? 0u : 1u) << "verify_incoming=" << verify;
    EXPECT_EQ(f.node.stats().dropped[static_cast<std::size_t>(DropReason::undecryptable)],
              verify ? 1u : 0u);
    EXPECT_EQ(f.node.stats().plain_in, verify ? 0u : 1u);
  }
}

TEST(Encryption, AFullGossipPacketStaysWithin1400BytesEncrypted) {
  // The budget loses memberlist's encryptOverhead: 29 bytes, 45 at protocol 1 (padded).
  for (std::uint8_t protocol : {std::uint8_t{2}, std::uint8_t{1}}) {
    Config cfg = encrypted(key_a(), 1);
    cfg.protocol_cur = protocol;
    const std::size_t overhead = codec::encrypt_overhead(cfg.encryption_version());
    NodeFixture f(60, cfg);
    for (int i = 2; i < 62; ++i) f.inject(codec::Suspect{1, "n" + std::to_string(i), "x"});
    f.advance(10s);
    ASSERT_FALSE(f.fx.packets.empty());
    std::size_t largest = 0;
    for (const auto& p : f.fx.packets) {
      EXPECT_LE(p.bytes.size(), 1400u);
      auto plain = codec::decrypt_payload(*cfg.encryption.keyring, p.bytes, {});
      ASSERT_TRUE(plain.ok());
      EXPECT_LE(plain->size(), 1400u - overhead);
      largest = std::max(largest, p.bytes.size());
    }
    // And the budget is used: gossip packets come close to the limit.
    EXPECT_GT(largest, 1300u) << "protocol " << int{protocol};
  }
}
