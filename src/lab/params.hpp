// What one epidemic run is: the algorithm, its variant, and the world it runs in.
// Names follow the papers: Demers et al. 1987 (anti-entropy, rumor mongering), Karp et
// al. 2000 (push, pull, push-pull rounds), Kempe et al. 2003 (push-sum).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

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
  std::uint32_t view = 0;    // partial views: peers each node knows (views.hpp); 0: all
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

// The command-line names of the enums' values: EnumNames<E>::table lists them, name()
// and parse() go each way, choices() lists them for messages ("push | pull | ...").
template <class E>
struct EnumNames;
template <class E, std::size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

template <>
struct EnumNames<Algorithm> {
  static constexpr NameTable<Algorithm, 3> table{{{Algorithm::anti_entropy, "anti-entropy"},
                                                  {Algorithm::rumor, "rumor"},
                                                  {Algorithm::push_sum, "push-sum"}}};
};
template <>
struct EnumNames<Mode> {
  static constexpr NameTable<Mode, 3> table{
      {{Mode::push, "push"}, {Mode::pull, "pull"}, {Mode::push_pull, "push-pull"}}};
};
template <>
struct EnumNames<Stop> {
  static constexpr NameTable<Stop, 2> table{{{Stop::feedback, "feedback"}, {Stop::blind, "blind"}}};
};
template <>
struct EnumNames<Decay> {
  static constexpr NameTable<Decay, 2> table{{{Decay::counter, "counter"}, {Decay::coin, "coin"}}};
};
template <>
struct EnumNames<Unnecessary> {
  static constexpr NameTable<Unnecessary, 2> table{
      {{Unnecessary::round_start, "round-start"}, {Unnecessary::on_arrival, "arrival"}}};
};
template <>
struct EnumNames<CounterReset> {
  static constexpr NameTable<CounterReset, 2> table{
      {{CounterReset::on_necessary, "necessary"}, {CounterReset::never, "never"}}};
};
template <>
struct EnumNames<Tally> {
  static constexpr NameTable<Tally, 2> table{
      {{Tally::per_cycle, "cycle"}, {Tally::per_contact, "contact"}}};
};
template <>
struct EnumNames<Aggregate> {
  static constexpr NameTable<Aggregate, 3> table{
      {{Aggregate::average, "average"}, {Aggregate::sum, "sum"}, {Aggregate::count, "count"}}};
};
template <>
struct EnumNames<Values> {
  static constexpr NameTable<Values, 2> table{
      {{Values::uniform, "uniform"}, {Values::spike, "spike"}}};
};

template <class E>
std::string_view name(E e) {
  for (const auto& [v, s] : EnumNames<E>::table)
    if (v == e) return s;
  return "?";
}
template <class E>
std::optional<E> parse(std::string_view s) {
  for (const auto& [v, n] : EnumNames<E>::table)
    if (n == s) return v;
  return std::nullopt;
}
template <class E>
std::string choices() {
  std::string out;
  for (const auto& entry : EnumNames<E>::table)
    out += (out.empty() ? "" : " | ") + std::string(entry.second);
  return out;
}

// One line naming the variant, e.g. "rumor mongering, push, feedback, counter k=2".
std::string describe(const Params& p);

}  // namespace rumor::lab
