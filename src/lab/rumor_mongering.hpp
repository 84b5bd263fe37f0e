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
//
// RumorMongering runs it one cycle at a time, for a caller that watches (the web
// simulator); run_rumor runs it to the end.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "lab/messages.hpp"
#include "lab/params.hpp"
#include "lab/results.hpp"
#include "lab/spread.hpp"

namespace rumor::lab {

class RumorMongering {
 public:
  // The origin is drawn at random unless given (it must be live).
  RumorMongering(const Params& p, std::uint64_t seed, std::optional<std::uint32_t> origin = {});

  // No node is infective, or max_rounds cycles have run.
  bool over() const { return infective_.empty() || t_ >= p_.max_rounds; }
  // Runs one cycle; the rumor's messages go to `log` if given.
  void cycle(MessageLog* log = nullptr);
  // Live node x learns the rumor now, from outside, and becomes infective; it spreads it
  // from the next cycle.
  void infect(std::uint32_t x);
  bool removed(std::uint32_t x) const { return removed_[x] != 0; }
  int cycles() const { return t_; }
  const SpreadSetup& setup() const { return run_; }
  SpreadRun result() const { return run_.spread.result(traffic_, run_.contacts, t_); }

 private:
  // What a contact teaches its sender.
  static constexpr std::uint8_t kNeeded = 1, kUnneeded = 2;

  bool spreader(std::uint32_t x, int t) const {
    return run_.spread.knew_before(x, t) && !removed_[x];
  }
  void contact(std::uint32_t x);  // a contact that counts towards losing interest
  void settle(std::uint32_t x, std::uint8_t what);
  void note(std::uint32_t x, std::uint8_t what);
  void send(std::uint32_t from, std::uint32_t to, int t, bool delivered, bool pull,
            MessageLog* log);

  Params p_;
  SpreadSetup run_;
  bool blind_, per_cycle_;
  double coin_;
  std::vector<std::uint8_t> removed_;
  std::vector<std::uint16_t> counter_;
  // Per cycle tally: what each sender learnt this cycle, acted on at the cycle's end.
  std::vector<std::uint8_t> cycle_flags_;
  std::vector<std::uint32_t> touched_;
  std::vector<std::uint32_t> infective_, next_, newly_;
  // Push: only infective sites call. Pull and push-pull: every live site calls.
  std::vector<std::uint32_t> callers_;
  std::uint64_t traffic_ = 0;
  int t_ = 0;
};

SpreadRun run_rumor(const Params& p, std::uint64_t seed);

}  // namespace rumor::lab
