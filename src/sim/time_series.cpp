#include "sim/time_series.hpp"

#include <algorithm>
#include <utility>

namespace rumor::sim {
namespace {
double seconds_between(core::Time a, core::Time b) {
  return static_cast<double>((b - a).count()) / 1e6;
}
}  // namespace

Sampler::Sampler(std::string name, core::Time start, core::Duration every,
                 std::function<double()> read, std::size_t max_points)
    : start_(start),
      next_(start),
      every_(every.count() > 0 ? every : core::Duration(1)),
      read_(std::move(read)),
      max_points_(max_points < 4 ? 4 : max_points) {
  series_.name = std::move(name);
}

void Sampler::poll(core::Time now) {
  if (now < next_) return;
  // Instants that passed without an event share one reading: nothing changed meanwhile.
  const double v = read_();
  while (next_ <= now) {
    series_.add(seconds_between(start_, next_), v);
    next_ += every_;
    if (series_.size() >= max_points_) thin();
  }
}

void Sampler::finish(core::Time now) {
  poll(now);
  const double t = seconds_between(start_, now);
  if (series_.size() == 0 || series_.t_s.back() < t) series_.add(t, read_());
}

void Sampler::thin() {
  TimeSeries kept;
  kept.name = std::move(series_.name);
  for (std::size_t i = 0; i < series_.size(); i += 2) kept.add(series_.t_s[i], series_.value[i]);
  series_ = std::move(kept);
  // The new grid is every other old instant; skip the next one if it falls between.
  const auto k = (next_ - start_).count() / every_.count();
  if (k % 2 != 0) next_ += every_;
  every_ *= 2;
}

TimeSeries cumulative_series(std::string name, std::vector<double> event_times_s, double end_s,
                             double scale, std::size_t points) {
  std::sort(event_times_s.begin(), event_times_s.end());
  TimeSeries r;
  r.name = std::move(name);
  const std::size_t n = std::max<std::size_t>(points, 2);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = end_s * static_cast<double>(i) / static_cast<double>(n - 1);
    const auto count =
        std::upper_bound(event_times_s.begin(), event_times_s.end(), t) - event_times_s.begin();
    r.add(t, static_cast<double>(count) * scale);
  }
  return r;
}

TimeSeries rate_of(const TimeSeries& cumulative, std::string name) {
  TimeSeries r;
  r.name = std::move(name);
  for (std::size_t i = 1; i < cumulative.size(); ++i) {
    const double dt = cumulative.t_s[i] - cumulative.t_s[i - 1];
    if (dt > 0) r.add(cumulative.t_s[i], (cumulative.value[i] - cumulative.value[i - 1]) / dt);
  }
  return r;
}

}  // namespace rumor::sim
