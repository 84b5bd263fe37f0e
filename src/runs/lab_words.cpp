#include "runs/lab_words.hpp"

#include "lab/json.hpp"
#include "lab/summary.hpp"
#include "lab/trials.hpp"

namespace rumor::runs {
namespace {

// One name into its enum; an error naming the flag, or "".
template <class E>
std::string pick(const std::string& got, E& into, const char* flag) {
  const auto parsed = lab::parse<E>(got);
  if (!parsed) return std::string(flag) + ": expected " + lab::choices<E>() + ", got '" + got + "'";
  into = *parsed;
  return {};
}

}  // namespace

std::string apply(const LabWords& w, int trials, lab::Params& p) {
  for (const std::string& err : {
           pick(w.algorithm, p.algorithm, "--algorithm"),
           pick(w.mode, p.mode, "--mode"),
           pick(w.stop, p.stop, "--stop"),
           pick(w.unnecessary, p.unnecessary, "--unnecessary"),
           pick(w.counter_reset, p.counter_reset, "--counter-reset"),
           pick(w.tally, p.tally, "--tally"),
           pick(w.aggregate, p.aggregate, "--aggregate"),
           pick(w.values, p.values, "--values"),
       })
    if (!err.empty()) return err;
  p.decay = w.coin ? lab::Decay::coin : lab::Decay::counter;
  if (trials < 1) return "--trials: at least 1";
  return lab::validate(p);
}

nlohmann::json run_epidemic_json(const lab::Params& p, int trials, unsigned threads) {
  const lab::Experiment e = lab::run_experiment(p, trials, threads);
  return lab::to_json(e, lab::summarize(e));
}

}  // namespace rumor::runs
