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
//
// AntiEntropy runs it one cycle at a time, for a caller that watches (the web
// simulator); run_anti_entropy runs it to the end.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "lab/messages.hpp"
#include "lab/params.hpp"
#include "lab/results.hpp"
#include "lab/spread.hpp"

namespace rumor::lab {

class AntiEntropy {
 public:
  // The origin is drawn at random unless given (it must be live).
  AntiEntropy(const Params& p, std::uint64_t seed, std::optional<std::uint32_t> origin = {});

  // Every live node knows, or max_rounds cycles have run.
  bool over() const { return run_.spread.complete() || t_ >= p_.max_rounds; }
  // Runs one cycle; the messages carrying the update go to `log` if given.
  void cycle(MessageLog* log = nullptr);
  // Live node x learns the update now, from outside; it passes it on from the next cycle.
  void infect(std::uint32_t x);
  int cycles() const { return t_; }
  const SpreadSetup& setup() const { return run_; }
  SpreadRun result() const { return run_.spread.result(traffic_, run_.contacts, t_); }

 private:
  Params p_;
  SpreadSetup run_;
  std::vector<std::uint32_t> callers_;
  std::uint64_t traffic_ = 0;
  int t_ = 0;
};

SpreadRun run_anti_entropy(const Params& p, std::uint64_t seed);

}  // namespace rumor::lab
