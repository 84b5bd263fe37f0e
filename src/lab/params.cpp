#include "lab/params.hpp"

#include <cmath>
#include <cstdio>

namespace rumor::lab {
namespace {

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
  if (p.view >= p.nodes) return "--view: below nodes (0: full views)";
  if (p.view > 0 && static_cast<double>(p.view) * p.nodes > (1u << 28))
    return "--view: nodes x view at most 2^28";
  if (p.connection_limit < 0) return "--connection-limit: not negative (0: no limit)";
  if (p.max_rounds < 1) return "--max-rounds: at least 1";
  if (p.rounds < 0) return "--rounds: not negative (0: automatic)";
  return {};
}

int push_sum_rounds(const Params& p) {
  if (p.rounds > 0) return p.rounds;
  return 2 * static_cast<int>(std::ceil(std::log2(static_cast<double>(p.nodes)))) + 20;
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
  if (p.view > 0) d += ", views of " + std::to_string(p.view);
  if (p.connection_limit > 0) d += ", connection limit " + std::to_string(p.connection_limit);
  return d;
}

}  // namespace rumor::lab
