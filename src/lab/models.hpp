// Closed forms and mean-field predictions, to set beside what the runs measure.
//
// Rumor mongering, push (Demers et al. 1987, section 1.4): with s the residue, the model
// for feedback + coin gives s = e^{-(k+1)(1-s)}; the same argument for blind + coin (or
// counter) gives s = e^{-kq(1-s)}, where q is the chance that a message reaches a live
// node. Push spreads messages uniformly, so s = e^{-qm} ties the residue to the traffic
// m. For feedback + counter Demers gives no formula of its own; the coin model is the
// reference (the two coincide at k = 1, and counters do better above).
//
// Anti-entropy (section 1.3): the fraction of susceptible live nodes evolves, in the
// mean, as p' = p e^{-qx} (push), p' = p (1 - qx)^F (pull), and their product
// (push-pull), x = 1 - p; t_last is when fewer than half a node is left. Asymptotically,
// push needs log2 n + ln n rounds (Pittel 1987) and push-pull log3 n + O(log log n)
// (Karp et al. 2000).
//
// Push-sum (Kempe et al. 2003): for the average, the expected square error shrinks by
// the factor rho(n) each round, so the RMS relative error falls as rho^{t/2}.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lab/params.hpp"

namespace rumor::lab {

struct Prediction {
  std::optional<double> residue, traffic, t_ave, t_last;
  std::optional<double> t_last_asymptotic;
  std::string basis;  // where the numbers come from, or why there are none
  // Anti-entropy: mean-field informed fraction per cycle. Push-sum (average): expected
  // RMS relative error per round.
  std::vector<double> informed, rms_error;
};

Prediction predict(const Params& p);

// The root in [0, 1) of s = e^{-lambda (1 - s)}; 1 when lambda <= 1 (the epidemic dies
// out: only the trivial root is left).
double residue_root(double lambda);
// Demers's bounds on feedback + counter traffic, per node, for residue s among n nodes:
// at least (k+1)m - 1 and at most k(2m - 1) messages for m = (1 - s) n removed sites.
struct Bounds {
  double lo = 0, hi = 0;
};
Bounds counter_traffic_bounds(int k, double residue, std::uint32_t n);
// The factor by which push-sum's expected square error shrinks per round (fanout 1,
// targets uniform among the n - 1 others).
double push_sum_decay(std::uint32_t n);

}  // namespace rumor::lab
