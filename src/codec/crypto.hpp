// memberlist's message encryption (security.go): AES-GCM with a 12-byte nonce and a
// 16-byte tag, laid out as [version][nonce 12][ciphertext][tag 16] (spec sections 4, 6).
// Version 1 (the default since protocol 2) encrypts the message as it is; version 0
// (protocol 1) PKCS7-pads it to the AES block size first.
//
// The codec stays pure: nonces come from the caller. A nonce must never be used twice
// with the same key, so the runtime feeds them from the OS random source.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>

#include "codec/bytes.hpp"
#include "codec/keyring.hpp"
#include "codec/result.hpp"

namespace rumor::codec {

enum class EncryptionVersion : std::uint8_t {
  padded = 0,    // PKCS7 padding; what memberlist speaks at protocol version 1
  unpadded = 1,  // the default
};

inline constexpr std::size_t kNonceSize = 12;
inline constexpr std::size_t kTagSize = 16;
inline constexpr std::size_t kAesBlockSize = 16;
// [version][nonce] before the ciphertext.
inline constexpr std::size_t kEncryptHeaderSize = 1 + kNonceSize;
// What encryption adds to a packet at version 1: 1 + 12 + 16.
inline constexpr std::size_t kEncryptOverhead = kEncryptHeaderSize + kTagSize;

using Nonce = std::array<std::uint8_t, kNonceSize>;
// Called once for every message sealed; must return a fresh random nonce each time.
using NonceSource = std::function<Nonce()>;

// The most encryption can add to a message: 29 bytes at version 1, 45 at version 0.
std::size_t encrypt_overhead(EncryptionVersion version) noexcept;
// The exact size of [version][nonce][ciphertext][tag] for a message of `msg_size` bytes.
std::size_t encrypted_length(EncryptionVersion version, std::size_t msg_size) noexcept;

// Appends [version][nonce][AES-GCM(msg, aad)][tag] to out. Error::bad_key when the key
// is not 16, 24 or 32 bytes, Error::too_large past what one GCM call takes.
Status encrypt_payload(EncryptionVersion version, ByteView key,
                       std::span<const std::uint8_t, kNonceSize> nonce, ByteView msg, ByteView aad,
                       Bytes& out);

// Opens [version][nonce][ciphertext][tag] with each key of the ring, primary first, and
// returns the message (padding removed). Error::truncated when shorter than the version's
// minimum; Error::undecryptable for an unknown version, when no key authenticates it,
// or for bad padding. Departure: memberlist's pkcs7decode trusts the last byte (and
// panics on a bad one); we check that the whole padding is well formed.
Result<Bytes> decrypt_payload(const Keyring& keyring, ByteView payload, ByteView aad);

// Encryption for seal_packet / seal_stream: when `keyring` is set, its primary key seals
// each message with a nonce from `nonce` (which must then be set too).
struct EncryptOptions {
  const Keyring* keyring = nullptr;
  NonceSource nonce;
  EncryptionVersion version = EncryptionVersion::unpadded;
};

// Decryption for open_packet / open_stream, as memberlist's GossipVerifyIncoming.
// With a keyring, a packet no key opens fails when verify_incoming is set and is read as
// plain otherwise; a plain stream likewise. An encrypted stream must always decrypt.
struct DecryptOptions {
  const Keyring* keyring = nullptr;
  bool verify_incoming = true;
};

}  // namespace rumor::codec
