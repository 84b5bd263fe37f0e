// The OS random source, where the runtime takes randomness that must never repeat:
// AES-GCM nonces for the core's encryption (core::Encryption::nonce).
#pragma once

#include "codec/crypto.hpp"

namespace rumor::net {

// getrandom(2) per nonce; throws std::system_error if the kernel refuses.
codec::Nonce os_nonce();
// os_nonce as a NonceSource.
codec::NonceSource os_nonce_source();

}  // namespace rumor::net
