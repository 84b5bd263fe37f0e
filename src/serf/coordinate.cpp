#include "serf/coordinate.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "serf/vivaldi.hpp"

namespace rumor::serf {

namespace {
// Below this, two coordinates sit on top of each other and an RTT counts as zero.
constexpr double kZeroThreshold = 1.0e-6;
// Go refuses observations outside [0, 10 s].
constexpr core::Duration kMaxRtt = std::chrono::seconds(10);

double magnitude(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x * x;
  return std::sqrt(sum);
}

// Seconds as a Go time.Duration holds them: truncated towards zero to whole nanoseconds
// (saturating where Go's conversion would be undefined).
double go_duration_seconds(double s) {
  const double ns = s * 1e9;
  constexpr double kMax = 9.2e18;
  if (!(std::fabs(ns) < kMax)) return std::isnan(ns) ? ns : std::copysign(kMax, ns) / 1e9;
  const auto whole = static_cast<std::int64_t>(ns);
  return static_cast<double>(whole / 1'000'000'000) +
         static_cast<double>(whole % 1'000'000'000) / 1e9;
}

bool finite(double x) {
  return std::isfinite(x);
}
}  // namespace

Coordinate Coordinate::origin(const CoordinateConfig& cfg) {
  Coordinate c;
  c.vec.assign(cfg.dimensionality, 0.0);
  c.error = cfg.vivaldi_error_max;
  c.height = cfg.height_min;
  return c;
}

bool Coordinate::valid() const noexcept {
  return std::all_of(vec.begin(), vec.end(), finite) && finite(error) && finite(adjustment) &&
         finite(height);
}

double raw_distance(const Coordinate& a, const Coordinate& b) {
  double sum = 0;
  for (std::size_t i = 0; i < a.vec.size() && i < b.vec.size(); ++i) {
    const double d = a.vec[i] - b.vec[i];
    sum += d * d;
  }
  return std::sqrt(sum) + a.height + b.height;
}

double distance_seconds(const Coordinate& a, const Coordinate& b) {
  const double raw = raw_distance(a, b);
  const double adjusted = raw + a.adjustment + b.adjustment;
  return go_duration_seconds(adjusted > 0.0 ? adjusted : raw);
}

VivaldiClient::VivaldiClient(CoordinateConfig cfg, std::uint64_t seed)
    : cfg_(cfg),
      rng_(seed),
      coord_(Coordinate::origin(cfg_)),
      origin_(Coordinate::origin(cfg_)),
      adjustment_samples_(cfg_.adjustment_window_size, 0.0) {}

bool VivaldiClient::update(std::string_view node, const Coordinate& other, core::Duration rtt) {
  if (!coord_.compatible_with(other) || !other.valid()) return false;
  if (rtt < core::Duration::zero() || rtt > kMaxRtt) return false;
  const double rtt_s = latency_filter(node, std::chrono::duration<double>(rtt).count());
  update_vivaldi(other, rtt_s);
  update_adjustment(other, rtt_s);
  update_gravity();
  if (!coord_.valid()) {
    ++resets_;
    coord_ = Coordinate::origin(cfg_);
  }
  return true;
}

void VivaldiClient::forget(std::string_view node) {
  if (auto it = samples_.find(node); it != samples_.end()) samples_.erase(it);
}

double VivaldiClient::latency_filter(std::string_view node, double rtt_s) {
  // A moving median over the last few samples per peer rides out single slow probes.
  auto it = samples_.find(node);
  if (it == samples_.end()) it = samples_.emplace(std::string(node), std::vector<double>{}).first;
  std::vector<double>& s = it->second;
  s.push_back(rtt_s);
  if (s.size() > std::max<std::size_t>(cfg_.latency_filter_size, 1)) s.erase(s.begin());
  std::vector<double> sorted = s;
  std::sort(sorted.begin(), sorted.end());
  return sorted[sorted.size() / 2];
}

void VivaldiClient::update_vivaldi(const Coordinate& other, double rtt_s) {
  const double dist = distance_seconds(coord_, other);
  rtt_s = std::max(rtt_s, kZeroThreshold);
  const double wrongness = std::fabs(dist - rtt_s) / rtt_s;
  // Trust the observation in proportion to how unsure we are compared with the peer.
  const double total_error = std::max(coord_.error + other.error, kZeroThreshold);
  const double weight = coord_.error / total_error;
  coord_.error =
      cfg_.vivaldi_ce * weight * wrongness + coord_.error * (1.0 - cfg_.vivaldi_ce * weight);
  coord_.error = std::min(coord_.error, cfg_.vivaldi_error_max);
  const double force = cfg_.vivaldi_cc * weight * (rtt_s - dist);
  apply_force(force, other);
}

void VivaldiClient::update_adjustment(const Coordinate& other, double rtt_s) {
  if (cfg_.adjustment_window_size == 0) return;
  // The raw distance: the adjustment terms themselves stay out of their own estimate.
  adjustment_samples_[adjustment_index_] = rtt_s - raw_distance(coord_, other);
  adjustment_index_ = (adjustment_index_ + 1) % cfg_.adjustment_window_size;
  double sum = 0;
  for (double x : adjustment_samples_) sum += x;
  coord_.adjustment = sum / (2.0 * static_cast<double>(cfg_.adjustment_window_size));
}

void VivaldiClient::update_gravity() {
  const double dist = distance_seconds(origin_, coord_);
  const double force = -std::pow(dist / cfg_.gravity_rho, 2.0);
  apply_force(force, origin_);
}

void VivaldiClient::apply_force(double force, const Coordinate& other) {
  // The unit vector pointing from `other` to us; a random one when we coincide.
  std::vector<double> unit(coord_.vec.size(), 0.0);
  for (std::size_t i = 0; i < unit.size(); ++i) unit[i] = coord_.vec[i] - other.vec[i];
  double mag = magnitude(unit);
  if (mag > kZeroThreshold) {
    for (double& x : unit) x /= mag;
  } else {
    mag = 0.0;
    for (double& x : unit) x = rng_.unit() - 0.5;
    const double m = magnitude(unit);
    if (m > kZeroThreshold) {
      for (double& x : unit) x /= m;
    } else if (!unit.empty()) {
      std::fill(unit.begin(), unit.end(), 0.0);
      unit[0] = 1.0;
    }
  }
  for (std::size_t i = 0; i < unit.size(); ++i) coord_.vec[i] += unit[i] * force;
  if (mag > kZeroThreshold) {
    coord_.height = (coord_.height + other.height) * force / mag + coord_.height;
    coord_.height = std::max(coord_.height, cfg_.height_min);
  }
}

}  // namespace rumor::serf
