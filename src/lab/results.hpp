// What runs produce, one trial at a time, and how trials are summed up.
#pragma once

#include <cstdint>
#include <vector>

namespace rumor::lab {

// One run of anti-entropy or rumor mongering, in Demers's measures.
struct SpreadRun {
  double residue = 0;      // fraction of live nodes never reached
  double traffic = 0;      // messages carrying the update, per live node
  double t_ave = 0;        // mean cycle at which a reached node got the update (origin excluded)
  double t_last = 0;       // cycle at which the last reached node got it
  int rounds = 0;          // cycles run: until nobody spreads, everybody knows, or the cap
  double connections = 0;  // connections opened, per live node
  double refused = 0;      // of those, refused by a connection limit, per live node
  // Fraction of live nodes informed: [0] at the start, [t] after cycle t.
  std::vector<double> informed;
};

// One run of push-sum. Errors are relative to the true aggregate of the live nodes'
// values; [0] is before the first round, [t] after round t.
struct PushSumRun {
  double truth = 0;
  std::vector<double> rel_error;  // the largest over live nodes (Kempe's criterion)
  std::vector<double> rms_error;  // root mean square over live nodes
  double traffic = 0;             // messages per live node over all rounds
  double weight_left = 1;         // the live nodes' total weight at the end / at the start
  int rounds = 0;
};

// Mean and spread of one measure over trials.
struct Stat {
  double mean = 0, sd = 0, min = 0, max = 0, p10 = 0, median = 0, p90 = 0;
};
// sd is the sample standard deviation (0 for one value); percentiles interpolate linearly.
// NaNs are ignored; an empty (or all-NaN) input gives all NaN.
Stat summarize(std::vector<double> values);

// Per-round curves of many trials, padded with each trial's last value where a trial
// finished early, summed up round by round.
struct Curve {
  std::vector<double> mean, p10, p50, p90;
};
Curve summarize_curves(const std::vector<const std::vector<double>*>& curves);

}  // namespace rumor::lab
