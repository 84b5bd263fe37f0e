#include "lab/json.hpp"

#include <cmath>
#include <optional>

namespace rumor::lab {
namespace {

using nlohmann::json;

// JSON has no NaN or infinity: they become null.
json number(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}
json number(const std::optional<double>& v) {
  return v ? number(*v) : json(nullptr);
}
json numbers(const std::vector<double>& v) {
  json a = json::array();
  for (double x : v) a.push_back(number(x));
  return a;
}
json spread_of(const Stat& s) {
  return {{"sd", number(s.sd)},   {"min", number(s.min)},       {"max", number(s.max)},
          {"p10", number(s.p10)}, {"median", number(s.median)}, {"p90", number(s.p90)}};
}

json params_json(const Params& p) {
  json j = {{"nodes", p.nodes}, {"seed", p.seed},     {"fanout", p.fanout},
            {"loss", p.loss},   {"failed", p.failed}, {"connection_limit", p.connection_limit}};
  switch (p.algorithm) {
    case Algorithm::rumor:
      j["stop"] = name(p.stop);
      j["decay"] = name(p.decay);
      j["k"] = p.k;
      j["unnecessary"] = name(p.unnecessary);
      j["counter_reset"] = name(p.counter_reset);
      j["tally"] = name(p.tally);
      [[fallthrough]];
    case Algorithm::anti_entropy:
      j["mode"] = name(p.mode);
      j["max_rounds"] = p.max_rounds;
      break;
    case Algorithm::push_sum:
      j["aggregate"] = name(p.aggregate);
      j["values"] = name(p.values);
      j["rounds"] = push_sum_rounds(p);
      break;
  }
  return j;
}

template <class Run, class Field>
json per_trial(const std::vector<Run>& runs, Field field) {
  json a = json::array();
  for (const Run& r : runs) a.push_back(number(field(r)));
  return a;
}

}  // namespace

json to_json(const Experiment& e, const Summary& s) {
  const Params& p = e.params;
  json j = {{"algorithm", name(p.algorithm)},
            {"description", describe(p)},
            {"params", params_json(p)},
            {"trials", e.trials},
            {"threads", e.threads}};
  json model = {{"basis", s.model.basis}};
  if (p.algorithm == Algorithm::push_sum) {
    j["truth"] = number(s.truth.mean);
    j["rel_error"] = numbers(s.rel_error.mean);
    j["rel_error_p10"] = numbers(s.rel_error.p10);
    j["rel_error_p90"] = numbers(s.rel_error.p90);
    j["rms_error"] = numbers(s.rms_error.mean);
    j["traffic"] = number(s.push_sum_traffic.mean);
    j["weight_left"] = number(s.weight_left.mean);
    j["spread"] = {{"final_rel_error", spread_of(s.final_rel_error)},
                   {"final_rms_error", spread_of(s.final_rms_error)}};
    j["per_trial"] = {{"truth", per_trial(e.push_sum, [](const PushSumRun& r) { return r.truth; })},
                      {"final_rel_error", per_trial(e.push_sum, [](const PushSumRun& r) {
                         return r.rel_error.back();
                       })}};
    model["rms_error"] = s.model.rms_error.empty() ? json(nullptr) : numbers(s.model.rms_error);
  } else {
    j["residue"] = number(s.residue.mean);
    j["traffic"] = number(s.traffic.mean);
    j["t_ave"] = number(s.t_ave.mean);
    j["t_last"] = number(s.t_last.mean);
    j["rounds"] = number(s.rounds.mean);
    j["connections"] = number(s.connections.mean);
    j["refused"] = number(s.refused.mean);
    j["spread"] = {{"residue", spread_of(s.residue)},
                   {"traffic", spread_of(s.traffic)},
                   {"t_ave", spread_of(s.t_ave)},
                   {"t_last", spread_of(s.t_last)}};
    j["per_trial"] = {
        {"residue", per_trial(e.spread, [](const SpreadRun& r) { return r.residue; })},
        {"traffic", per_trial(e.spread, [](const SpreadRun& r) { return r.traffic; })},
        {"t_ave", per_trial(e.spread, [](const SpreadRun& r) { return r.t_ave; })},
        {"t_last", per_trial(e.spread, [](const SpreadRun& r) { return r.t_last; })}};
    j["informed"] = numbers(s.informed.mean);
    model["residue"] = number(s.model.residue);
    model["traffic"] = number(s.model.traffic);
    model["t_ave"] = number(s.model.t_ave);
    model["t_last"] = number(s.model.t_last);
    model["t_last_asymptotic"] = number(s.model.t_last_asymptotic);
  }
  j["model"] = model;
  j["timing"] = {
      {"seconds", e.seconds}, {"cycles", e.cycles}, {"cycles_per_second", s.cycles_per_second}};
  return j;
}

}  // namespace rumor::lab
