#include "lab/params.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <utility>

namespace rumor::lab {
namespace {

template <class E, std::size_t N>
using Names = std::array<std::pair<E, std::string_view>, N>;

constexpr Names<Algorithm, 3> kAlgorithms{{{Algorithm::anti_entropy, "anti-entropy"},
                                           {Algorithm::rumor, "rumor"},
                                           {Algorithm::push_sum, "push-sum"}}};
constexpr Names<Mode, 3> kModes{
    {{Mode::push, "push"}, {Mode::pull, "pull"}, {Mode::push_pull, "push-pull"}}};
constexpr Names<Stop, 2> kStops{{{Stop::feedback, "feedback"}, {Stop::blind, "blind"}}};
constexpr Names<Decay, 2> kDecays{{{Decay::counter, "counter"}, {Decay::coin, "coin"}}};
constexpr Names<Unnecessary, 2> kUnnecessary{
    {{Unnecessary::on_arrival, "arrival"}, {Unnecessary::round_start, "round-start"}}};
constexpr Names<CounterReset, 2> kResets{
    {{CounterReset::never, "never"}, {CounterReset::on_necessary, "necessary"}}};
constexpr Names<Tally, 2> kTallies{{{Tally::per_contact, "contact"}, {Tally::per_cycle, "cycle"}}};
constexpr Names<Aggregate, 3> kAggregates{
    {{Aggregate::average, "average"}, {Aggregate::sum, "sum"}, {Aggregate::count, "count"}}};
constexpr Names<Values, 2> kValues{{{Values::uniform, "uniform"}, {Values::spike, "spike"}}};

template <class E, std::size_t N>
std::string_view lookup(const Names<E, N>& names, E e) {
  for (const auto& [v, s] : names)
    if (v == e) return s;
  return "?";
}

template <class E, std::size_t N>
std::optional<E> parse(const Names<E, N>& names, std::string_view s) {
  for (const auto& [v, n] : names)
    if (n == s) return v;
  return std::nullopt;
}

std::string short_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

std::string validate(const Params& p) {
  if (p.nodes < 2) return "--nodes: at least 2";
  if (p.nodes > (1u << 30)) return "--nodes: at most 2^30";
  if (p.k < 1 || p.k > 65535) return "-k: in [1, 65535]";
  if (p.fanout < 1 || static_cast<std::uint32_t>(p.fanout) >= p.nodes)
    return "--fanout: in [1, nodes - 1]";
  if (!(p.loss >= 0 && p.loss <= 1)) return "--loss: in [0, 1]";
  if (!(p.failed >= 0 && p.failed < 1)) return "--failed: in [0, 1)";
  if (static_cast<double>(p.nodes) * (1 - p.failed) < 2)
    return "--failed: leaves fewer than 2 live nodes";
  if (p.connection_limit < 0) return "--connection-limit: not negative (0: no limit)";
  if (p.max_rounds < 1) return "--max-rounds: at least 1";
  if (p.rounds < 0) return "--rounds: not negative (0: automatic)";
  return {};
}

int push_sum_rounds(const Params& p) {
  if (p.rounds > 0) return p.rounds;
  return 2 * static_cast<int>(std::ceil(std::log2(static_cast<double>(p.nodes)))) + 20;
}

std::string_view name(Algorithm a) {
  return lookup(kAlgorithms, a);
}
std::string_view name(Mode m) {
  return lookup(kModes, m);
}
std::string_view name(Stop s) {
  return lookup(kStops, s);
}
std::string_view name(Decay d) {
  return lookup(kDecays, d);
}
std::string_view name(Unnecessary u) {
  return lookup(kUnnecessary, u);
}
std::string_view name(CounterReset r) {
  return lookup(kResets, r);
}
std::string_view name(Tally t) {
  return lookup(kTallies, t);
}
std::string_view name(Aggregate a) {
  return lookup(kAggregates, a);
}
std::string_view name(Values v) {
  return lookup(kValues, v);
}

std::optional<Algorithm> parse_algorithm(std::string_view s) {
  return parse(kAlgorithms, s);
}
std::optional<Mode> parse_mode(std::string_view s) {
  return parse(kModes, s);
}
std::optional<Stop> parse_stop(std::string_view s) {
  return parse(kStops, s);
}
std::optional<Unnecessary> parse_unnecessary(std::string_view s) {
  return parse(kUnnecessary, s);
}
std::optional<CounterReset> parse_counter_reset(std::string_view s) {
  return parse(kResets, s);
}
std::optional<Tally> parse_tally(std::string_view s) {
  return parse(kTallies, s);
}
std::optional<Aggregate> parse_aggregate(std::string_view s) {
  return parse(kAggregates, s);
}
std::optional<Values> parse_values(std::string_view s) {
  return parse(kValues, s);
}

std::string describe(const Params& p) {
  std::string d;
  switch (p.algorithm) {
    case Algorithm::anti_entropy:
      d = "anti-entropy, " + std::string(name(p.mode));
      break;
    case Algorithm::rumor:
      d = "rumor mongering, " + std::string(name(p.mode)) + ", " + std::string(name(p.stop)) +
          ", " + std::string(name(p.decay)) + " k=" + std::to_string(p.k);
      break;
    case Algorithm::push_sum:
      d = "push-sum, " + std::string(name(p.aggregate));
      if (p.aggregate != Aggregate::count) d += " of " + std::string(name(p.values)) + " values";
      break;
  }
  if (p.fanout != 1) d += ", fanout " + std::to_string(p.fanout);
  if (p.loss > 0) d += ", loss " + short_number(p.loss);
  if (p.failed > 0) d += ", failed " + short_number(p.failed);
  if (p.connection_limit > 0) d += ", connection limit " + std::to_string(p.connection_limit);
  return d;
}

}  // namespace rumor::lab
