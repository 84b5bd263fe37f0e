// memberlist's AES-GCM layer: the real serf capture (tests/data/vectors/
// encrypted.vectors.txt) decrypts and is rebuilt byte for byte, every layout and key size
// round trips, and anything altered, cut short or sealed with another key or label fails.
#include "codec/crypto.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <optional>
#include <string>

#include "codec/msgpack.hpp"
#include "codec/packet.hpp"
#include "generators.hpp"
#include "test_support.hpp"
#include "vectors.hpp"

namespace rumor::codec::test {
namespace {

// The key given in the header comment of encrypted.vectors.txt.
constexpr std::string_view kVectorKey = "SGVsbG9SdW1vclRlc3RLZXkzMkJ5dGVzTG9uZyEhISE=";

const Keyring& vector_ring() {
  static const Keyring ring = Keyring::create(key_from_base64(kVectorKey).value()).value();
  return ring;
}

Keyring ring_of(const Bytes& key) {
  return Keyring::create(key).value();
}

// Distinct nonces, one per call, so the tests are deterministic.
NonceSource counting_nonces() {
  return [n = std::uint32_t{0}]() mutable {
    Nonce nonce{};
    ++n;
    for (int i = 0; i < 4; ++i) nonce[i] = static_cast<std::uint8_t>(n >> (8 * i));
    return nonce;
  };
}

// [version][nonce][ciphertext][tag] of msg under the ring's primary key, a zero nonce.
Bytes sealed_payload(const Keyring& ring, EncryptionVersion version, ByteView msg,
                     ByteView aad = {}) {
  Bytes out;
  EXPECT_TRUE(encrypt_payload(version, ring.primary(), Nonce{}, msg, aad, out).ok());
  return out;
}

// Always the nonce a captured payload carried, to rebuild it.
NonceSource fixed_nonce(ByteView payload) {
  Nonce nonce{};
  std::copy_n(payload.begin() + 1, kNonceSize, nonce.begin());
  return [nonce] { return nonce; };
}

#define LOAD_VECTORS_OR_FAIL(v)                                                        \
  std::string load_error_;                                                             \
  const std::optional<Vectors> v = load_vectors("encrypted.vectors.txt", load_error_); \
  ASSERT_TRUE(v.has_value()) << load_error_;

std::vector<Bytes> messages_of(const OpenedPacket& p) {
  std::vector<Bytes> out;
  for (const PacketMessage& m : p.messages) out.push_back(with_type(m));
  return out;
}

// The memberlist messages a Serf UDP packet carries; user messages hold a Serf message.
bool decodes(const PacketMessage& m) {
  switch (m.type) {
    case MessageType::ping:
      return decode_ping(m.body).ok();
    case MessageType::indirect_ping:
      return decode_indirect_ping(m.body).ok();
    case MessageType::ack:
      return decode_ack(m.body).ok();
    case MessageType::nack:
      return decode_nack(m.body).ok();
    case MessageType::suspect:
      return decode_suspect(m.body).ok();
    case MessageType::alive:
      return decode_alive(m.body).ok();
    case MessageType::dead:
      return decode_dead(m.body).ok();
    case MessageType::user: {
      if (m.body.size() < 2) return false;
      msgpack::Reader r(m.body.subspan(1));
      return r.skip().ok() && r.at_end();
    }
    default:
      return false;
  }
}

// ---- The real capture -------------------------------------------------------------

TEST(EncryptedVectors, TheCaptureIsPresentAndComplete) {
  LOAD_VECTORS_OR_FAIL(v);
  EXPECT_EQ(v->udp.size(), 57u);
  EXPECT_EQ(v->tcp.size(), 2u);
}

TEST(EncryptedVectors, EveryUdpPacketIsVersion1AndOpensToWhatThePlainPipelineGives) {
  LOAD_VECTORS_OR_FAIL(v);
  for (const UdpVector& u : v->udp) {
    EXPECT_EQ(u.payload[0], 1) << "line " << u.line;
    auto plain = decrypt_payload(vector_ring(), u.payload, {});
    ASSERT_TRUE(plain.ok()) << "line " << u.line << ": " << to_string(plain.error());
    EXPECT_EQ(plain->size() + kEncryptOverhead, u.payload.size());
    auto expected = open_packet(*plain, "");
    ASSERT_TRUE(expected.ok()) << "line " << u.line << ": " << to_string(expected.error());
    EXPECT_EQ(expected->dropped_parts, 0u) << "line " << u.line;

    auto opened = open_packet(u.payload, "", {.keyring = &vector_ring()});
    ASSERT_TRUE(opened.ok()) << "line " << u.line << ": " << to_string(opened.error());
    EXPECT_TRUE(opened->decrypted);
    EXPECT_EQ(opened->dropped_parts, 0u) << "line " << u.line;
    EXPECT_EQ(messages_of(*opened), messages_of(*expected)) << "line " << u.line;
    for (const PacketMessage& m : opened->messages) {
      EXPECT_TRUE(decodes(m)) << "line " << u.line << ": " << with_type_hex(m);
    }
  }
}

TEST(EncryptedVectors, SealingEachDecryptedPacketWithItsNonceRebuildsTheCapturedBytes) {
  // Go's layers under encryption: compress when smaller, then the CRC (peers at PMax 5).
  LOAD_VECTORS_OR_FAIL(v);
  int with_crc = 0;
  for (const UdpVector& u : v->udp) {
    const Bytes plain = decrypt_payload(vector_ring(), u.payload, {}).value();
    const bool crc = plain[0] == static_cast<std::uint8_t>(MessageType::has_crc);
    with_crc += crc;
    ByteView msg = crc ? ByteView(plain).subspan(kCrcOverhead) : ByteView(plain);
    Bytes inflated;
    if (msg[0] == static_cast<std::uint8_t>(MessageType::compress)) {
      inflated = decompress_message(msg.subspan(1)).value();
      msg = inflated;
    }
    const Bytes sealed =
        seal_packet(msg, {.label = {},
                          .crc = crc,
                          .compress = true,
                          .encrypt = {.keyring = &vector_ring(), .nonce = fixed_nonce(u.payload)}});
    EXPECT_EQ(to_hex(sealed), to_hex(u.payload)) << "line " << u.line;
  }
  EXPECT_GT(with_crc, 0);
}

TEST(EncryptedVectors, EveryStreamOpensToAPushPullAndIsRebuiltByteForByte) {
  LOAD_VECTORS_OR_FAIL(v);
  std::vector<std::string> names;
  for (const TcpVector& t : v->tcp) {
    ASSERT_EQ(t.payload[0], static_cast<std::uint8_t>(MessageType::encrypt));
    auto opened = open_stream(t.payload, "", {.keyring = &vector_ring()});
    ASSERT_TRUE(opened.ok()) << "line " << t.line << ": " << to_string(opened.error());
    EXPECT_TRUE(opened->decrypted);
    ASSERT_EQ(opened->type, MessageType::push_pull);
    auto pp = decode_push_pull(opened->body);
    ASSERT_TRUE(pp.ok()) << "line " << t.line << ": " << to_string(pp.error());
    ASSERT_EQ(pp->nodes.size(), 1u);
    names.push_back(pp->nodes[0].name);

    // The captured streams are compressed under the encryption, as the plain ones are.
    const ByteView payload = ByteView(t.payload).subspan(kStreamEncryptHeader);
    const Bytes rebuilt = seal_stream(encoded(*pp), "", true,
                                      {.keyring = &vector_ring(), .nonce = fixed_nonce(payload)});
    EXPECT_EQ(to_hex(rebuilt), to_hex(t.payload)) << "line " << t.line;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"beta", "alpha"}));
}

TEST(EncryptedVectors, AWrongKeyOpensNoPacketAndNoStream) {
  LOAD_VECTORS_OR_FAIL(v);
  const Keyring wrong = ring_of(Bytes(32, 7));
  for (const UdpVector& u : v->udp) {
    EXPECT_EQ(open_packet(u.payload, "", {.keyring = &wrong}).error(), Error::undecryptable);
  }
  for (const TcpVector& t : v->tcp) {
    EXPECT_EQ(open_stream(t.payload, "", {.keyring = &wrong}).error(), Error::undecryptable);
  }
}

TEST(EncryptedVectors, TheKeyOpensThemFromAnyPlaceOnTheRing) {
  LOAD_VECTORS_OR_FAIL(v);
  Keyring ring = ring_of(Bytes(16, 1));
  ASSERT_TRUE(ring.install(Bytes(24, 2)).ok());
  ASSERT_TRUE(ring.install(vector_ring().primary()).ok());
  for (const UdpVector& u : v->udp)
    EXPECT_TRUE(open_packet(u.payload, "", {.keyring = &ring}).ok());
  for (const TcpVector& t : v->tcp)
    EXPECT_TRUE(open_stream(t.payload, "", {.keyring = &ring}).ok());
}

TEST(EncryptedVectors, PlainPacketsAreRefusedWhenVerifyingAndReadWhenNot) {
  std::string error;
  auto plain = load_vectors("plain.vectors.txt", error);
  ASSERT_TRUE(plain.has_value()) << error;
  for (const UdpVector& u : plain->udp) {
    EXPECT_EQ(open_packet(u.payload, "", {.keyring = &vector_ring()}).error(),
              Error::undecryptable);
    auto opened = open_packet(u.payload, "", {.keyring = &vector_ring(), .verify_incoming = false});
    ASSERT_TRUE(opened.ok()) << "line " << u.line;
    EXPECT_FALSE(opened->decrypted);
    EXPECT_EQ(messages_of(*opened), messages_of(open_packet(u.payload, "").value()));
  }
  for (const TcpVector& t : plain->tcp) {
    EXPECT_EQ(open_stream(t.payload, "", {.keyring = &vector_ring()}).error(),
              Error::undecryptable);
    auto opened = open_stream(t.payload, "", {.keyring = &vector_ring(), .verify_incoming = false});
    ASSERT_TRUE(opened.ok()) << "line " << t.line;
    EXPECT_FALSE(opened->decrypted);
  }
}

TEST(EncryptedVectors, AnEncryptedStreamWithoutAKeyringIsUndecryptable) {
  LOAD_VECTORS_OR_FAIL(v);
  for (const TcpVector& t : v->tcp) {
    EXPECT_EQ(open_stream(t.payload, "").error(), Error::undecryptable);
    EXPECT_EQ(open_stream(t.payload, "", {.keyring = nullptr, .verify_incoming = false}).error(),
              Error::undecryptable);
  }
}

// ---- The payload layout -----------------------------------------------------------

TEST(Crypto, AesGcmMatchesTheNistKnownAnswer) {
  // GCM spec (McGrew & Viega) test case 2: zero key, zero IV, one zero block.
  Bytes out;
  ASSERT_TRUE(
      encrypt_payload(EncryptionVersion::unpadded, Bytes(16, 0), Nonce{}, Bytes(16, 0), {}, out)
          .ok());
  EXPECT_EQ(to_hex(out), "01" + std::string(24, '0') + "0388dace60b6a392f328c2b971b2fe78" +
                             "ab6e47d42cec13bdf53a67b21257bddf");
}

TEST(Crypto, EncryptedLengthIs29BytesMoreOrPaddedToTheBlockAtVersion0) {
  EXPECT_EQ(encrypted_length(EncryptionVersion::unpadded, 0), 29u);
  EXPECT_EQ(encrypted_length(EncryptionVersion::unpadded, 100), 129u);
  EXPECT_EQ(encrypted_length(EncryptionVersion::padded, 0), 45u);
  EXPECT_EQ(encrypted_length(EncryptionVersion::padded, 15), 45u);
  EXPECT_EQ(encrypted_length(EncryptionVersion::padded, 16), 61u);
  EXPECT_EQ(encrypt_overhead(EncryptionVersion::unpadded), 29u);
  EXPECT_EQ(encrypt_overhead(EncryptionVersion::padded), 45u);
}

RC_GTEST_PROP(Crypto, EveryKeySizeAndVersionRoundTrips, (const Bytes& msg, const Bytes& aad)) {
  const auto key_size = *rc::gen::element<std::size_t>(16, 24, 32);
  const Bytes key = *rc::gen::container<Bytes>(key_size, rc::gen::arbitrary<std::uint8_t>());
  const auto version = *rc::gen::element(EncryptionVersion::padded, EncryptionVersion::unpadded);
  const auto nonce = *rc::gen::arbitrary<Nonce>();
  Bytes out = {0xee};  // appends after what is there
  RC_ASSERT(encrypt_payload(version, key, nonce, msg, aad, out).ok());
  RC_ASSERT(out.size() == 1 + encrypted_length(version, msg.size()));
  RC_ASSERT(out[1] == static_cast<std::uint8_t>(version));
  auto plain = decrypt_payload(ring_of(key), ByteView(out).subspan(1), aad);
  RC_ASSERT(plain.ok());
  RC_ASSERT(*plain == msg);
}

TEST(Crypto, EncryptingWithABadKeyIsBadKey) {
  Bytes out;
  EXPECT_EQ(
      encrypt_payload(EncryptionVersion::unpadded, Bytes(20, 1), Nonce{}, Bytes(3, 1), {}, out)
          .error(),
      Error::bad_key);
  EXPECT_TRUE(out.empty());
}

TEST(Crypto, DecryptionTriesEveryKeyOnTheRing) {
  const Bytes out = sealed_payload(ring_of(Bytes(24, 2)), EncryptionVersion::unpadded, Bytes(5, 9));
  Keyring ring = ring_of(Bytes(16, 1));
  EXPECT_EQ(decrypt_payload(ring, out, {}).error(), Error::undecryptable);
  ASSERT_TRUE(ring.install(Bytes(32, 3)).ok());
  ASSERT_TRUE(ring.install(Bytes(24, 2)).ok());
  auto plain = decrypt_payload(ring, out, {});
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(*plain, Bytes(5, 9));
}

TEST(Crypto, TheAadMustMatch) {
  const Keyring ring = ring_of(Bytes(16, 1));
  const Bytes out =
      sealed_payload(ring, EncryptionVersion::unpadded, Bytes(5, 9), as_bytes("blue"));
  EXPECT_TRUE(decrypt_payload(ring, out, as_bytes("blue")).ok());
  EXPECT_EQ(decrypt_payload(ring, out, as_bytes("gren")).error(), Error::undecryptable);
  EXPECT_EQ(decrypt_payload(ring, out, {}).error(), Error::undecryptable);
}

TEST(Crypto, AnyAlteredByteAfterTheVersionIsUndecryptable) {
  const Keyring ring = ring_of(Bytes(32, 1));
  for (auto version : {EncryptionVersion::padded, EncryptionVersion::unpadded}) {
    const Bytes out = sealed_payload(ring, version, Bytes(20, 9));
    for (std::size_t i = 1; i < out.size(); ++i) {
      Bytes bad = out;
      bad[i] ^= 0x01;
      EXPECT_EQ(decrypt_payload(ring, bad, {}).error(), Error::undecryptable) << i;
    }
  }
}

TEST(Crypto, AnUnknownVersionIsUndecryptable) {
  const Keyring ring = ring_of(Bytes(16, 1));
  for (int version : {2, 3, 10, 255}) {
    Bytes payload(64, 0);
    payload[0] = static_cast<std::uint8_t>(version);
    EXPECT_EQ(decrypt_payload(ring, payload, {}).error(), Error::undecryptable);
  }
}

TEST(Crypto, EveryTruncationFailsCleanly) {
  const Keyring ring = ring_of(Bytes(16, 1));
  for (auto version : {EncryptionVersion::padded, EncryptionVersion::unpadded}) {
    const Bytes out = sealed_payload(ring, version, Bytes(40, 9));
    for (std::size_t n = 0; n < out.size(); ++n) {
      auto plain = decrypt_payload(ring, ByteView(out).first(n), {});
      ASSERT_FALSE(plain.ok()) << n;
      const bool short_of_minimum = n < encrypted_length(version, 0);
      EXPECT_EQ(plain.error(), short_of_minimum ? Error::truncated : Error::undecryptable) << n;
    }
  }
}

// The version byte is outside the AAD (as in memberlist): relabelling a version 1
// payload as version 0 authenticates, and the padding check is what refuses it.
Result<Bytes> open_as_version0(ByteView plain_with_padding) {
  const Keyring ring = ring_of(Bytes(16, 1));
  Bytes out = sealed_payload(ring, EncryptionVersion::unpadded, plain_with_padding);
  out[0] = static_cast<std::uint8_t>(EncryptionVersion::padded);
  return decrypt_payload(ring, out, {});
}

TEST(Crypto, Version0StripsWellFormedPadding) {
  EXPECT_EQ(open_as_version0(hex("0102030405060708090a0b0c0d 030303")).value(),
            hex("0102030405060708090a0b0c0d"));
  EXPECT_EQ(open_as_version0(Bytes(16, 16)).value(), Bytes{});
}

TEST(Crypto, Version0WithMalformedPaddingIsUndecryptable) {
  for (const char* text : {"0102030405060708090a0b0c0d0e0f 00",     // pad 0
                           "0102030405060708090a0b0c0d0e0f 11",     // pad 17
                           "0102030405060708090a0b0c0d 020303",     // uneven
                           "0102030405060708090a0b0c0d 030203"}) {  // uneven
    EXPECT_EQ(open_as_version0(hex(text)).error(), Error::undecryptable) << text;
  }
}

// ---- Packets and streams ----------------------------------------------------------

const Bytes kAck = encoded(Ack{.seq_no = 1, .payload = {}});

RC_GTEST_PROP(EncryptedPacket, EveryOptionCombinationRoundTrips, ()) {
  const auto msg = *any_encoded_message();
  const auto key_size = *rc::gen::element<std::size_t>(16, 24, 32);
  const Keyring ring =
      ring_of(*rc::gen::container<Bytes>(key_size, rc::gen::arbitrary<std::uint8_t>()));
  const auto version = *rc::gen::element(EncryptionVersion::padded, EncryptionVersion::unpadded);
  const bool crc = *rc::gen::arbitrary<bool>();
  const bool compress = *rc::gen::arbitrary<bool>();
  const std::string label =
      *rc::gen::element(std::string(), std::string("dc1"), std::string(kMaxLabelBytes, 'x'));
  const Bytes packet = seal_packet(
      msg, {.label = label,
            .crc = crc,
            .compress = compress,
            .encrypt = {.keyring = &ring, .nonce = counting_nonces(), .version = version}});
  auto opened = open_packet(packet, label, {.keyring = &ring});
  RC_ASSERT(opened.ok());
  RC_ASSERT(opened->decrypted);
  RC_ASSERT(opened->label == label);
  RC_ASSERT(messages_of(*opened) == std::vector<Bytes>{msg});
}

RC_GTEST_PROP(EncryptedStream, EveryOptionCombinationRoundTrips, ()) {
  const auto msg = *any_encoded_message();
  const auto key_size = *rc::gen::element<std::size_t>(16, 24, 32);
  const Keyring ring =
      ring_of(*rc::gen::container<Bytes>(key_size, rc::gen::arbitrary<std::uint8_t>()));
  const auto version = *rc::gen::element(EncryptionVersion::padded, EncryptionVersion::unpadded);
  const bool compress = *rc::gen::arbitrary<bool>();
  const std::string label = *rc::gen::element(std::string(), std::string("dc1"));
  const Bytes stream = seal_stream(
      msg, label, compress, {.keyring = &ring, .nonce = counting_nonces(), .version = version});
  auto opened = open_stream(stream, label, {.keyring = &ring});
  RC_ASSERT(opened.ok());
  RC_ASSERT(opened->decrypted);
  RC_ASSERT(with_type(opened->type, opened->body) == msg);
}

TEST(EncryptedPacket, LayersAreLabelThenEncryptionOverCrcAndMessage) {
  const Keyring ring = ring_of(Bytes(16, 1));
  const Bytes packet =
      seal_packet(kAck, {.label = "xy",
                         .crc = true,
                         .compress = false,
                         .encrypt = {.keyring = &ring, .nonce = counting_nonces()}});
  ASSERT_EQ(packet.size(), label_overhead("xy") + kEncryptOverhead + kCrcOverhead + kAck.size());
  EXPECT_EQ(to_hex(ByteView(packet).first(5)), "f402787901");  // label, then version 1
  const Bytes plain = decrypt_payload(ring, ByteView(packet).subspan(4), as_bytes("xy")).value();
  EXPECT_EQ(to_hex(plain),
            to_hex(seal_packet(kAck, {.label = {}, .crc = true, .compress = false})));
}

TEST(EncryptedPacket, EachSealTakesAFreshNonce) {
  const Keyring ring = ring_of(Bytes(16, 1));
  const SealOptions opt{.label = {}, .encrypt = {.keyring = &ring, .nonce = counting_nonces()}};
  EXPECT_NE(seal_packet(kAck, opt), seal_packet(kAck, opt));
}

TEST(EncryptedPacket, APacketSealedUnderOneLabelDoesNotOpenUnderAnother) {
  const Keyring ring = ring_of(Bytes(16, 1));
  Bytes packet = seal_packet(
      kAck, {.label = "blue", .encrypt = {.keyring = &ring, .nonce = counting_nonces()}});
  EXPECT_TRUE(open_packet(packet, "blue", {.keyring = &ring}).ok());
  EXPECT_EQ(open_packet(packet, "gren", {.keyring = &ring}).error(), Error::bad_label);
  // Relabelled on the way: the label check passes, the AAD does not.
  std::copy_n("gren", 4, packet.begin() + 2);
  EXPECT_EQ(open_packet(packet, "gren", {.keyring = &ring}).error(), Error::undecryptable);
}

TEST(EncryptedPacket, EveryTruncationFailsCleanly) {
  const Keyring ring = ring_of(Bytes(32, 1));
  for (auto version : {EncryptionVersion::padded, EncryptionVersion::unpadded}) {
    const Bytes packet = seal_packet(
        kAck, {.label = "lbl",
               .encrypt = {.keyring = &ring, .nonce = counting_nonces(), .version = version}});
    for (std::size_t n = 0; n < packet.size(); ++n) {
      EXPECT_FALSE(open_packet(ByteView(packet).first(n), "lbl", {.keyring = &ring}).ok()) << n;
    }
  }
}

TEST(EncryptedPacket, WithoutVerifyIncomingAnUndecryptablePacketIsReadAsPlain) {
  const Keyring ring = ring_of(Bytes(16, 1));
  const Bytes plain = seal_packet(kAck, {.label = "x"});
  EXPECT_EQ(open_packet(plain, "x", {.keyring = &ring}).error(), Error::undecryptable);
  auto opened = open_packet(plain, "x", {.keyring = &ring, .verify_incoming = false});
  ASSERT_TRUE(opened.ok());
  EXPECT_FALSE(opened->decrypted);
  EXPECT_EQ(messages_of(*opened), std::vector<Bytes>{kAck});
}

TEST(EncryptedStream, LayersAreLabelThenTheEncryptHeaderOverTheCompressedMessage) {
  const Keyring ring = ring_of(Bytes(16, 1));
  const Bytes stream =
      seal_stream(kAck, "xy", true, {.keyring = &ring, .nonce = counting_nonces()});
  const Bytes compressed = compress_message(kAck);
  const std::size_t length = encrypted_length(EncryptionVersion::unpadded, compressed.size());
  ASSERT_EQ(stream.size(), label_overhead("xy") + kStreamEncryptHeader + length);
  EXPECT_EQ(to_hex(ByteView(stream).first(9)),
            "f4027879"
            "0a000000" +
                to_hex(Bytes{static_cast<std::uint8_t>(length)}));
  Bytes aad(stream.begin() + 4, stream.begin() + 9);
  aad.insert(aad.end(), {'x', 'y'});
  const Bytes plain = decrypt_payload(ring, ByteView(stream).subspan(9), aad).value();
  EXPECT_EQ(plain, compressed);
}

TEST(EncryptedStream, AStreamSealedUnderOneLabelDoesNotOpenUnderAnother) {
  const Keyring ring = ring_of(Bytes(16, 1));
  Bytes stream = seal_stream(kAck, "blue", false, {.keyring = &ring, .nonce = counting_nonces()});
  EXPECT_TRUE(open_stream(stream, "blue", {.keyring = &ring}).ok());
  std::copy_n("gren", 4, stream.begin() + 2);
  EXPECT_EQ(open_stream(stream, "gren", {.keyring = &ring}).error(), Error::undecryptable);
}

TEST(EncryptedStream, TheLengthFieldIsAuthenticated) {
  // Growing the length by one and the payload by one byte keeps the framing consistent.
  const Keyring ring = ring_of(Bytes(16, 1));
  Bytes stream = seal_stream(kAck, "", false, {.keyring = &ring, .nonce = counting_nonces()});
  ++stream[4];
  stream.push_back(0);
  EXPECT_EQ(open_stream(stream, "", {.keyring = &ring}).error(), Error::undecryptable);
}

TEST(EncryptedStream, EveryTruncationFailsCleanly) {
  const Keyring ring = ring_of(Bytes(24, 1));
  for (auto version : {EncryptionVersion::padded, EncryptionVersion::unpadded}) {
    const Bytes stream = seal_stream(
        kAck, "dc", true, {.keyring = &ring, .nonce = counting_nonces(), .version = version});
    for (std::size_t n = 0; n < stream.size(); ++n) {
      EXPECT_FALSE(open_stream(ByteView(stream).first(n), "dc", {.keyring = &ring}).ok()) << n;
    }
  }
}

TEST(EncryptedStream, ALengthPastTheStreamCapIsTooLargeAndBytesAfterTheFrameAreRefused) {
  const Keyring ring = ring_of(Bytes(16, 1));
  EXPECT_EQ(open_stream(hex("0a 01400001"), "", {.keyring = &ring}).error(), Error::too_large);
  Bytes stream = seal_stream(kAck, "", false, {.keyring = &ring, .nonce = counting_nonces()});
  stream.push_back(0);
  EXPECT_EQ(open_stream(stream, "", {.keyring = &ring}).error(), Error::trailing_bytes);
}

TEST(EncryptedStream, AnEmptyDecryptedMessageIsTruncated) {
  const Keyring ring = ring_of(Bytes(16, 1));
  const Bytes stream = seal_stream({}, "", false, {.keyring = &ring, .nonce = counting_nonces()});
  EXPECT_EQ(open_stream(stream, "", {.keyring = &ring}).error(), Error::truncated);
}

}  // namespace
}  // namespace rumor::codec::test
