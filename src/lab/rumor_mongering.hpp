// Rumor mongering (Demers et al. 1987, section 1.4): a complex (SIR) epidemic. A site
// that learns the update becomes infective and, from the next cycle on, shares it each
// cycle with sites chosen at random, until it loses interest and is removed:
//   feedback: on an unnecessary contact (the recipient already knew; see Unnecessary),
//   blind:    on any contact, whatever the recipient knew,
// after k of them (counter; see CounterReset) or with probability 1/k each (coin).
// Push: infective sites send the rumor to the sites they call. Pull: every live site
// calls and an infective callee answers with the rumor. Push-pull: both.
//
// Messages: the rumor is one message, counted as traffic whether or not it arrives. A
// message to a crashed site is lost, and so is any message with probability `loss`; a
// lost message carries no feedback, but a blind sender counts it as a contact (it cannot
// tell). A pull request that is lost gets no answer. A site that loses interest stops at
// once, even in the middle of a cycle. The run ends when no site is infective.
#pragma once

#include <cstdint>

#include "lab/params.hpp"
#include "lab/results.hpp"

namespace rumor::lab {

SpreadRun run_rumor(const Params& p, std::uint64_t seed);

}  // namespace rumor::lab
