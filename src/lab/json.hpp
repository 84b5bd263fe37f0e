// An experiment as one JSON object. The measures sit at the top under Demers's names,
// as means over the trials ("residue", "traffic", "t_ave", "t_last"; push-sum:
// "rel_error", one value per round); "spread" gives their sd, min, max and percentiles,
// "per_trial" every trial's value, and "model" the prediction (null where there is none).
// "timing" is wall-clock and so the only part that differs between identical runs.
#pragma once

#include <nlohmann/json.hpp>

#include "lab/summary.hpp"
#include "lab/trials.hpp"

namespace rumor::lab {

nlohmann::json to_json(const Experiment& e, const Summary& s);

}  // namespace rumor::lab
