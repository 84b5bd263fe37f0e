#include "lab/models.hpp"

#include <algorithm>
#include <cmath>

#include "lab/population.hpp"

namespace rumor::lab {
namespace {

struct World {
  double n, live, q;  // nodes, live nodes, chance a message reaches a live node
};

World world(const Params& p) {
  World w;
  w.n = p.nodes;
  w.live = w.n - failed_count(p.nodes, p.failed);
  w.q = (1 - p.loss) * (w.live - 1) / (w.n - 1);
  return w;
}

void predict_rumor(const Params& p, Prediction& out) {
  if (p.mode != Mode::push) {
    out.basis = "no closed form for pull or push-pull (Demers: pull does better than s = e^-m)";
    return;
  }
  const World w = world(p);
  if (w.q <= 0) {
    out.basis = "no message can arrive";
    return;
  }
  double lambda = 0;
  if (p.stop == Stop::feedback) {
    // Lost messages carry no feedback, so loss slows the epidemic but leaves the root.
    lambda = p.k + 1;
    out.basis = p.decay == Decay::coin
                    ? "s = e^-(k+1)(1-s) (Demers, feedback + coin), m = -ln(s)/q"
                    : "s = e^-(k+1)(1-s), Demers's feedback + coin model (counters do "
                      "better for k > 1), m = -ln(s)/q";
  } else {
    lambda = p.k * w.q;
    out.basis = "s = e^-kq(1-s) (blind: k contacts, q of them arrive), m = k(1-s)";
  }
  const double s = residue_root(lambda);
  out.residue = s;
  out.traffic = p.stop == Stop::feedback ? -std::log(s) / w.q : p.k * (1 - s);
}

void predict_anti_entropy(const Params& p, Prediction& out) {
  const World w = world(p);
  const bool pushes = p.mode != Mode::pull, pulls = p.mode != Mode::push;
  const double ok = 1 - p.loss, fan = p.fanout;
  double sus = 1 - 1 / w.live;
  out.informed.push_back(1 - sus);
  double weighted = 0;
  for (int t = 1; t <= p.max_rounds && w.live * sus >= 1e-6; ++t) {
    const double x = 1 - sus;
    double stay = 1;
    if (pushes) stay *= std::pow(1 - ok / (w.n - 1), fan * x * w.live);
    // Clamped: with fractional nodes, "informed among the others" can pass 1 at the end.
    if (pulls) stay *= std::pow(std::max(0.0, 1 - ok * x * w.live / (w.n - 1)), fan);
    if (stay >= 1) break;  // nothing can arrive
    const double next = sus * stay;
    weighted += t * (sus - next);
    if (!out.t_last && w.live * next < 0.5) out.t_last = t;
    sus = next;
    out.informed.push_back(1 - sus);
  }
  if (!out.t_last) {
    out.basis = "mean field: the update never reaches everyone";
    return;
  }
  out.residue = 0;
  out.t_ave = weighted * w.live / (w.live - 1);
  // Each transfer goes to a node that lacks the update; lost ones are sent again.
  out.traffic = (1 - 1 / w.live) / ok;
  out.basis = "mean field of Demers's recurrences (t_last: under half a node left)";
  if (p.fanout == 1 && p.loss == 0 && p.failed == 0) {
    if (p.mode == Mode::push) {
      out.t_last_asymptotic = std::log2(w.n) + std::log(w.n);
      out.basis += "; asymptotic: log2 n + ln n (Pittel)";
    } else if (p.mode == Mode::push_pull) {
      out.t_last_asymptotic = std::log(w.n) / std::log(3.0);
      out.basis += "; asymptotic: log3 n + O(log log n) (Karp et al.)";
    }
  }
}

void predict_push_sum(const Params& p, Prediction& out) {
  if (p.aggregate != Aggregate::average || p.fanout != 1 || p.loss > 0 || p.failed > 0 ||
      p.connection_limit > 0) {
    out.basis =
        "Kempe et al.: error < eps within O(log n + log 1/eps) rounds (no closed "
        "form for this variant)";
    return;
  }
  // The initial RMS relative error of the values: uniform on [0, 100) has sd/mean =
  // 1/sqrt(3); a spike of n at one node has sqrt(n - 1).
  const double live = p.nodes;
  const double start = p.values == Values::uniform ? 1 / std::sqrt(3.0) : std::sqrt(live - 1);
  const double rho = push_sum_decay(p.nodes);
  const int rounds = push_sum_rounds(p);
  for (int t = 0; t <= rounds; ++t) out.rms_error.push_back(start * std::pow(rho, t / 2.0));
  out.basis = "expected square error x rho per round, rho = " + std::to_string(rho).substr(0, 6) +
              " (Kempe et al.'s potential argument)";
}

}  // namespace

double residue_root(double lambda) {
  if (!(lambda > 1)) return 1;
  // f(s) = s - e^{-lambda(1-s)} is negative at 0 and positive between the root and 1.
  double lo = 0, hi = 1 - 1e-12;
  for (int i = 0; i < 200; ++i) {
    const double mid = (lo + hi) / 2;
    if (mid - std::exp(-lambda * (1 - mid)) > 0)
      hi = mid;
    else
      lo = mid;
  }
  return (lo + hi) / 2;
}

Bounds counter_traffic_bounds(int k, double residue, std::uint32_t n) {
  const double m = (1 - residue) * n;
  return {((k + 1) * m - 1) / n, k * (2 * m - 1) / n};
}

double push_sum_decay(std::uint32_t n) {
  // With y_i = s_i - mean * w_i (the y sum to 0), one round gives
  // E[sum y'^2] = (1/4)(2 - 2/(n-1) - (n-2)/(n-1)^2) sum y^2 for targets uniform among
  // the others; Kempe et al. state the same bound as 1/2 - 1/(4n) for any target.
  const double m = static_cast<double>(n) - 1;
  return (2 - 2 / m - (m - 1) / (m * m)) / 4;
}

Prediction predict(const Params& p) {
  Prediction out;
  if (p.connection_limit > 0 && p.algorithm != Algorithm::push_sum) {
    out.basis = "no closed form with a connection limit";
    return out;
  }
  switch (p.algorithm) {
    case Algorithm::rumor:
      predict_rumor(p, out);
      break;
    case Algorithm::anti_entropy:
      predict_anti_entropy(p, out);
      break;
    case Algorithm::push_sum:
      predict_push_sum(p, out);
      break;
  }
  return out;
}

}  // namespace rumor::lab
