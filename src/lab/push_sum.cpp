#include "lab/push_sum.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "lab/contacts.hpp"
#include "lab/population.hpp"

namespace rumor::lab {
namespace {

struct Errors {
  double max = 0, rms = 0;
};

Errors errors(const Population& pop, const std::vector<double>& s, const std::vector<double>& w,
              double truth) {
  const double scale = truth != 0 ? std::abs(truth) : 1.0;
  Errors e;
  double sq = 0;
  for (const std::uint32_t i : pop.live_nodes()) {
    const double err = w[i] > 0 ? std::abs(s[i] / w[i] - truth) / scale : 1.0;
    e.max = std::max(e.max, err);
    sq += err * err;
  }
  e.rms = std::sqrt(sq / static_cast<double>(pop.live_count()));
  return e;
}

double live_total(const Population& pop, const std::vector<double>& v) {
  double sum = 0;
  for (const std::uint32_t i : pop.live_nodes()) sum += v[i];
  return sum;
}

}  // namespace

PushSumRun run_push_sum(const Params& p, std::uint64_t seed) {
  Rng rng(seed);
  const Population pop(p.nodes, p.failed, rng);
  Contacts contacts(pop, p, rng);
  const std::uint32_t n = p.nodes;
  std::vector<double> s(n, 0), w(n, 0), s_next(n, 0), w_next(n, 0);

  for (const std::uint32_t i : pop.live_nodes()) {
    double x = 1;
    if (p.aggregate != Aggregate::count) {
      if (p.values == Values::uniform)
        x = 100 * rng.unit();
      else
        x = i == pop.origin() ? static_cast<double>(pop.live_count()) : 0.0;
    }
    s[i] = x;
    w[i] = p.aggregate == Aggregate::average || i == pop.origin() ? 1.0 : 0.0;
  }
  const double total_s = live_total(pop, s), total_w = live_total(pop, w);
  PushSumRun r;
  r.truth =
      p.aggregate == Aggregate::average ? total_s / static_cast<double>(pop.live_count()) : total_s;
  auto record = [&] {
    const Errors e = errors(pop, s, w, r.truth);
    r.rel_error.push_back(e.max);
    r.rms_error.push_back(e.rms);
  };
  record();

  // Sends are additive, so order matters only when a connection limit makes callers
  // compete for a callee's capacity.
  std::vector<std::uint32_t> callers = pop.live_nodes();
  const double share = 1.0 / (p.fanout + 1);
  std::uint64_t messages = 0;
  r.rounds = push_sum_rounds(p);
  for (int t = 1; t <= r.rounds; ++t) {
    contacts.begin_cycle(t);
    if (p.connection_limit > 0) shuffle(callers, rng);
    std::fill(s_next.begin(), s_next.end(), 0.0);
    std::fill(w_next.begin(), w_next.end(), 0.0);
    for (const std::uint32_t c : callers) {
      const double hs = s[c] * share, hw = w[c] * share;
      double keep_s = s[c], keep_w = w[c];
      for (int f = 0; f < p.fanout; ++f) {
        const Contacts::Call call = contacts.call(c, rng);
        if (call.refused) continue;
        ++messages;
        keep_s -= hs;
        keep_w -= hw;
        if (!pop.live(call.partner) || contacts.lost(rng)) continue;
        s_next[call.partner] += hs;
        w_next[call.partner] += hw;
      }
      s_next[c] += keep_s;
      w_next[c] += keep_w;
    }
    s.swap(s_next);
    w.swap(w_next);
    record();
  }
  r.traffic = static_cast<double>(messages) / static_cast<double>(pop.live_count());
  r.weight_left = live_total(pop, w) / total_w;
  return r;
}

}  // namespace rumor::lab
