// Deterministic AES-GCM nonces for the simulator and tests, so an encrypted run is still
// a function of its seed. Not for real traffic: the runtime draws nonces from the OS
// random source (see Encryption::nonce in config.hpp).
#pragma once

#include <cstdint>
#include <memory>

#include "codec/crypto.hpp"
#include "core/rng.hpp"

namespace rumor::core {

// 96 bits from a seeded xoshiro256** per nonce. The generator's state is shared by every
// copy of the returned function (configs are copied into nodes), so copies continue one
// sequence instead of repeating it. Nodes sharing a key need different seeds.
inline codec::NonceSource seeded_nonces(std::uint64_t seed) {
  auto rng = std::make_shared<Rng>(seed);
  return [rng] {
    codec::Nonce n{};
    std::uint64_t word = 0;
    for (std::size_t i = 0; i < n.size(); ++i) {
      if (i % 8 == 0) word = rng->next();
      n[i] = static_cast<std::uint8_t>(word >> (8 * (i % 8)));
    }
    return n;
  };
}

}  // namespace rumor::core
