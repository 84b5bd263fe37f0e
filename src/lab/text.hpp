// An experiment as a human-readable table: each measure's mean, spread and the model's
// prediction side by side.
#pragma once

#include <string>

#include "lab/summary.hpp"
#include "lab/trials.hpp"

namespace rumor::lab {

std::string to_text(const Experiment& e, const Summary& s);

}  // namespace rumor::lab
