// TimeSeries: what a scenario measured over time, for charts (`rumor sim ... --plot`).
// Sampler fills one from a run_until predicate: it reads the quantity when simulated
// time passes each sample instant, so recording schedules no event and draws no random
// number, and the run (and its trace hash) is the same with or without it. A sample is
// read at the first event at or after its instant, after that event. The series stays
// bounded: when it fills, every other sample is dropped and the spacing doubles.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace rumor::sim {

struct TimeSeries {
  std::string name;         // what is measured, with its unit
  std::vector<double> t_s;  // seconds from the start of the measured phase
  std::vector<double> value;

  void add(double t, double v) {
    t_s.push_back(t);
    value.push_back(v);
  }
  std::size_t size() const noexcept { return t_s.size(); }
};

class Sampler {
 public:
  // Reads `read()` at start, start + every, ...; times in the series are from `start`.
  Sampler(std::string name, core::Time start, core::Duration every, std::function<double()> read,
          std::size_t max_points = 512);

  // Takes the samples due by `now` (call it after each event: cheap when none is due).
  void poll(core::Time now);
  // One last sample at `now`, so the series ends where the run did.
  void finish(core::Time now);
  const TimeSeries& series() const noexcept { return series_; }
  TimeSeries take() { return std::move(series_); }

 private:
  void thin();

  TimeSeries series_;
  core::Time start_, next_;
  core::Duration every_;
  std::function<double()> read_;
  std::size_t max_points_;
};

// The step function "events so far, times `scale`" from 0 to end_s, on a grid of
// `points` instants: for things recorded with their times anyway (receipts, deaths).
TimeSeries cumulative_series(std::string name, std::vector<double> event_times_s, double end_s,
                             double scale, std::size_t points = 400);
// A cumulative count as a rate: (v[i] - v[i-1]) / (t[i] - t[i-1]) at t[i].
TimeSeries rate_of(const TimeSeries& cumulative, std::string name);

}  // namespace rumor::sim
