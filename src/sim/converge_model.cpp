#include "sim/converge_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace rumor::sim {

namespace {
constexpr double kPacketBytes = 1400;  // memberlist's UDP packet budget
}  // namespace

double ConvergeModel::beta() const {
  return static_cast<double>(fanout) * (1 - loss) * (1 - failed) / 2;
}

double ConvergeModel::fraction_at(double rounds) const {
  const double n = static_cast<double>(nodes);
  return 1 / (1 + (n + 1) * std::exp(-beta() * rounds));
}

double ConvergeModel::rounds_to(double q) const {
  const double b = beta();
  if (!(q > 0 && q < 1) || b <= 0) return std::numeric_limits<double>::infinity();
  const double n = static_cast<double>(nodes);
  // Below the starting fraction 1/(n + 2) the formula goes negative: already there.
  return std::max(0.0, std::log((n + 1) * q / (1 - q)) / b);
}

double ConvergeModel::bandwidth_bytes_per_s() const {
  return 2 * kPacketBytes * static_cast<double>(fanout) / interval_s;
}

}  // namespace rumor::sim
