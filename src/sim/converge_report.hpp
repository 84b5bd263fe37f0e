// `rumor sim converge` output: the model and the measurement side by side, as a table
// for a terminal or as one JSON object with stable keys (docs/simulator.md lists them).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "sim/converge.hpp"

namespace rumor::sim {

// "p50", "p90", "p99", "p99_99": the JSON key of a target fraction.
std::string target_key(double q);
nlohmann::ordered_json to_json(const ConvergeResult& r);
std::string to_text(const ConvergeResult& r);

}  // namespace rumor::sim
