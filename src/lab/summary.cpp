#include "lab/summary.hpp"

namespace rumor::lab {
namespace {

template <class Run, class Field>
Stat stat_of(const std::vector<Run>& runs, Field field) {
  std::vector<double> v;
  v.reserve(runs.size());
  for (const Run& r : runs) v.push_back(static_cast<double>(field(r)));
  return summarize(std::move(v));
}

template <class Run, class Field>
Curve curve_of(const std::vector<Run>& runs, Field field) {
  std::vector<const std::vector<double>*> curves;
  for (const Run& r : runs) curves.push_back(&field(r));
  return summarize_curves(curves);
}

}  // namespace

Summary summarize(const Experiment& e) {
  Summary s;
  const auto& sp = e.spread;
  s.residue = stat_of(sp, [](const SpreadRun& r) { return r.residue; });
  s.traffic = stat_of(sp, [](const SpreadRun& r) { return r.traffic; });
  s.t_ave = stat_of(sp, [](const SpreadRun& r) { return r.t_ave; });
  s.t_last = stat_of(sp, [](const SpreadRun& r) { return r.t_last; });
  s.rounds = stat_of(sp, [](const SpreadRun& r) { return r.rounds; });
  s.connections = stat_of(sp, [](const SpreadRun& r) { return r.connections; });
  s.refused = stat_of(sp, [](const SpreadRun& r) { return r.refused; });
  s.informed = curve_of(
      sp, [](const SpreadRun& r) -> const auto& { return r.informed; });

  const auto& ps = e.push_sum;
  s.truth = stat_of(ps, [](const PushSumRun& r) { return r.truth; });
  s.final_rel_error = stat_of(ps, [](const PushSumRun& r) { return r.rel_error.back(); });
  s.final_rms_error = stat_of(ps, [](const PushSumRun& r) { return r.rms_error.back(); });
  s.weight_left = stat_of(ps, [](const PushSumRun& r) { return r.weight_left; });
  s.push_sum_traffic = stat_of(ps, [](const PushSumRun& r) { return r.traffic; });
  s.rel_error = curve_of(
      ps, [](const PushSumRun& r) -> const auto& { return r.rel_error; });
  s.rms_error = curve_of(
      ps, [](const PushSumRun& r) -> const auto& { return r.rms_error; });

  s.model = predict(e.params);
  s.cycles_per_second = e.seconds > 0 ? static_cast<double>(e.cycles) / e.seconds : 0;
  return s;
}

}  // namespace rumor::lab
