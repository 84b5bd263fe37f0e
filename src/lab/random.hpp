// The lab's randomness: core's header-only xoshiro256** (it includes nothing else of the
// project, so rumor_lab still links nothing of core), and how trials get their seeds.
#pragma once

#include <cstdint>

#include "core/rng.hpp"

namespace rumor::lab {

using Rng = core::Rng;

// The seed of trial `trial` of a run seeded `seed`. Each trial owns its generator, so a
// trial's result does not depend on which thread ran it or when.
inline std::uint64_t trial_seed(std::uint64_t seed, std::uint64_t trial) {
  std::uint64_t z = seed + 0x9e3779b97f4a7c15ULL * (trial + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// A node chosen uniformly among the n - 1 nodes other than `self` (n >= 2).
inline std::uint32_t other_node(Rng& rng, std::uint32_t self, std::uint32_t n) {
  auto r = static_cast<std::uint32_t>(rng.below(n - 1));
  return r >= self ? r + 1 : r;
}

}  // namespace rumor::lab
