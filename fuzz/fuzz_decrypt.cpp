// Fuzzes the encryption layer two ways:
//  - the input as received bytes: decrypt_payload, open_packet and open_stream with a
//    keyring holding the captured vectors' key (seeded from encrypted.vectors.txt, so
//    mutations start from payloads that authenticate);
//  - the input as a plain message, sealed with that keyring: opening it must give what
//    the plain pipeline gives, and a payload that decrypts must re-encrypt to itself.
#include <algorithm>
#include <optional>
#include <string_view>
#include <vector>

#include "codec/crypto.hpp"
#include "fuzz_check.hpp"

using namespace rumor;
using namespace rumor::codec;

namespace {

// The 32-byte key of tests/data/vectors/encrypted.vectors.txt, then a 16-byte one.
const Keyring& ring() {
  static const Keyring r = [] {
    const std::string_view key = "HelloRumorTestKey32BytesLong!!!!";
    const Bytes other(16, 0x5a);
    return Keyring::create(Bytes(key.begin(), key.end()), {other}).value();
  }();
  return r;
}

NonceSource fixed_nonce() {
  return [] { return Nonce{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}; };
}

void check_opened_packet(const Result<OpenedPacket>& opened) {
  if (!opened.ok()) return;
  for (const PacketMessage& m : opened->messages) fuzz::decode_and_check(m.type, m.body);
}

bool same_messages(const OpenedPacket& a, const OpenedPacket& b) {
  auto same = [](const PacketMessage& x, const PacketMessage& y) {
    return x.type == y.type && std::ranges::equal(x.body, y.body);
  };
  return std::ranges::equal(a.messages, b.messages, same);
}

// A payload that decrypts is the encryption of its plaintext under one of the keys.
void check_reencrypts(ByteView payload, ByteView aad) {
  auto plain = decrypt_payload(ring(), payload, aad);
  if (!plain.ok()) return;
  Nonce nonce;
  std::copy_n(payload.begin() + 1, kNonceSize, nonce.begin());
  const auto version = static_cast<EncryptionVersion>(payload[0]);
  bool reproduced = false;
  for (const Bytes& key : ring().keys()) {
    Bytes again;
    FUZZ_CHECK(encrypt_payload(version, key, nonce, *plain, aad, again).ok());
    reproduced =
        reproduced || std::equal(again.begin(), again.end(), payload.begin(), payload.end());
  }
  FUZZ_CHECK(reproduced);
}

void fuzz_received(ByteView data) {
  // The first byte picks how much of the rest is AAD (0..7 bytes).
  if (!data.empty()) {
    const std::size_t aad_size = std::min<std::size_t>(data[0] % 8, data.size() - 1);
    check_reencrypts(data.subspan(1 + aad_size), data.subspan(1, aad_size));
  }
  check_reencrypts(data, {});
  for (bool verify : {true, false}) {
    const DecryptOptions opt{.keyring = &ring(), .verify_incoming = verify};
    check_opened_packet(open_packet(data, "", opt));
    auto stream = open_stream(data, "", opt);
    if (stream.ok()) fuzz::decode_and_check(stream->type, stream->body);
  }
}

void fuzz_sealed(ByteView msg) {
  const bool labelled = !msg.empty() && msg[0] == static_cast<std::uint8_t>(MessageType::has_label);
  for (auto version : {EncryptionVersion::unpadded, EncryptionVersion::padded}) {
    const EncryptOptions enc{.keyring = &ring(), .nonce = fixed_nonce(), .version = version};
    const Bytes packet =
        seal_packet(msg, {.label = "fuzz", .crc = false, .compress = false, .encrypt = enc});
    auto opened = open_packet(packet, "fuzz", {.keyring = &ring()});
    // Under encryption a leading 244 is a message type, not a label: nothing to compare.
    if (!labelled) {
      auto plain = open_packet(msg, "");
      FUZZ_CHECK(opened.ok() == plain.ok());
      if (opened.ok()) {
        FUZZ_CHECK(opened->decrypted);
        FUZZ_CHECK(same_messages(*opened, *plain));
        FUZZ_CHECK(opened->dropped_parts == plain->dropped_parts);
      } else {
        FUZZ_CHECK(opened.error() == plain.error());
      }
    }
    check_opened_packet(opened);

    const Bytes stream = seal_stream(msg, "fuzz", false, enc);
    auto reopened = open_stream(stream, "fuzz", {.keyring = &ring()});
    FUZZ_CHECK(reopened.ok() || msg.empty() ||
               msg[0] == static_cast<std::uint8_t>(MessageType::compress));
    if (reopened.ok()) fuzz::decode_and_check(reopened->type, reopened->body);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView input(data, size);
  fuzz_received(input);
  fuzz_sealed(input);
  return 0;
}
