// Anti-entropy (Demers et al. 1987, section 1.3): every cycle every live site opens a
// connection to a site chosen uniformly at random and the two resolve their differences,
// by push (the caller sends what the callee lacks), pull (the callee sends what the
// caller lacks) or push-pull (both). A simple epidemic: sites never stop, so the update
// reaches every live site, and the run ends when it has (or at max_rounds).
//
// Here, for one update: a node passes the update on in cycle t only if it knew it before
// t began. The sites compare digests first (that is the connection), so the update is
// sent only to a site lacking it at that moment; each such transfer is one message,
// counted as traffic and lost with probability `loss`. A connection to a crashed site
// fails: nothing is exchanged.
#pragma once

#include <cstdint>

#include "lab/params.hpp"
#include "lab/results.hpp"

namespace rumor::lab {

SpreadRun run_anti_entropy(const Params& p, std::uint64_t seed);

}  // namespace rumor::lab
