// What one epidemic run is: the algorithm, its variant, and the world it runs in.
// Names follow the papers: Demers et al. 1987 (anti-entropy, rumor mongering), Karp et
// al. 2000 (push, pull, push-pull rounds), Kempe et al. 2003 (push-sum).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rumor::lab {

enum class Algorithm { anti_entropy, rumor, push_sum };
// Who sends the update over a connection: the caller (push), the callee (pull), or both.
enum class Mode { push, pull, push_pull };
// Rumor mongering: a site loses interest on unnecessary contacts (feedback) or on any
// contact (blind) ...
enum class Stop { feedback, blind };
// ... after k of them (counter) or with probability 1/k each time (coin).
enum class Decay { counter, coin };

// Open choice 1 (Demers leaves it open): which contact is "unnecessary". A contact is a
// delivered message carrying the rumor.
//   on_arrival:  the recipient already had the rumor when this message arrived (messages
//                of one cycle arrive in a random order, so of two pushes reaching a
//                susceptible site in the same cycle, the second is unnecessary);
//   round_start: the recipient already had it at the start of the cycle (both are
//                necessary).
enum class Unnecessary { on_arrival, round_start };
// Open choice 2: whether a necessary contact resets a feedback counter ("k unnecessary
// contacts in a row") or not ("k unnecessary contacts in all").
enum class CounterReset { never, on_necessary };
// Open choice 3: a site with several contacts in one cycle (pull and push-pull, where
// many may call one infective site, or fanout > 1) counts each contact (per_contact,
// losing interest at once) or the cycle once (per_cycle: at the cycle's end, a cycle
// with a necessary contact is necessary, otherwise one unnecessary contact is counted).
// With push and fanout 1 the two are the same.
enum class Tally { per_contact, per_cycle };

enum class Aggregate { average, sum, count };
// Push-sum's initial values: uniform in [0, 100), or one node holding n and the rest 0
// (the slowest case for averaging: all the mass starts in one place).
enum class Values { uniform, spike };

struct Params {
  Algorithm algorithm = Algorithm::rumor;
  Mode mode = Mode::push;
  Stop stop = Stop::feedback;
  Decay decay = Decay::counter;
  int k = 1;
  int fanout = 1;            // connections a caller opens per cycle
  double loss = 0;           // probability that any one message is lost
  double failed = 0;         // fraction of nodes crashed from the start (never the origin)
  int connection_limit = 0;  // incoming connections a node accepts per cycle; 0: no limit
  std::uint32_t nodes = 1000;
  std::uint64_t seed = 1;
  Unnecessary unnecessary = Unnecessary::round_start;  // the reading Demers's tables match
  CounterReset counter_reset = CounterReset::on_necessary;
  Tally tally = Tally::per_cycle;  // the reading Demers's pull table matches
  int max_rounds = 10000;          // anti-entropy and rumor mongering stop here at the latest
  // Push-sum.
  Aggregate aggregate = Aggregate::average;
  Values values = Values::uniform;
  int rounds = 0;  // 0: 2 * ceil(log2 n) + 20
};

// Checks ranges the types cannot; returns an error naming the parameter, or empty.
std::string validate(const Params& p);
int push_sum_rounds(const Params& p);

std::string_view name(Algorithm a);
std::string_view name(Mode m);
std::string_view name(Stop s);
std::string_view name(Decay d);
std::string_view name(Unnecessary u);
std::string_view name(CounterReset r);
std::string_view name(Tally t);
std::string_view name(Aggregate a);
std::string_view name(Values v);

std::optional<Algorithm> parse_algorithm(std::string_view s);
std::optional<Mode> parse_mode(std::string_view s);
std::optional<Stop> parse_stop(std::string_view s);
std::optional<Unnecessary> parse_unnecessary(std::string_view s);
std::optional<CounterReset> parse_counter_reset(std::string_view s);
std::optional<Tally> parse_tally(std::string_view s);
std::optional<Aggregate> parse_aggregate(std::string_view s);
std::optional<Values> parse_values(std::string_view s);

// One line naming the variant, e.g. "rumor mongering, push, feedback, counter k=2".
std::string describe(const Params& p);

}  // namespace rumor::lab
