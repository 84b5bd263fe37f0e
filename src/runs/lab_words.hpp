// An epidemic-lab experiment described the way people type it, shared by
// `rumor sim epidemic` and the Python module's rumor.sim.epidemic(...) exactly as
// scenario_words.hpp is for the simulator: the same names accepted, the same messages.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "lab/params.hpp"

namespace rumor::runs {

// The variant's choices by name (lab::EnumNames lists each one's values).
struct LabWords {
  std::string algorithm = "rumor", mode = "push", stop = "feedback";
  std::string unnecessary = "round-start", counter_reset = "necessary", tally = "cycle";
  std::string aggregate = "average", values = "uniform";
  bool coin = false;  // rumor mongering: the coin (probability 1/k) rather than the counter
};

// Sets p's choices from `w`, then checks p and `trials` (lab::validate); returns the
// first problem, or "".
std::string apply(const LabWords& w, int trials, lab::Params& p);

// Runs the experiment and returns what `rumor sim epidemic --json` prints.
nlohmann::json run_epidemic_json(const lab::Params& p, int trials, unsigned threads);

}  // namespace rumor::runs
