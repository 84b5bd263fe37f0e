// A simulator scenario described the way people type it: the CLI's flags (`rumor sim`)
// and the Python module's keywords (rumor.sim.<scenario>(...)) both end here, so both
// accept the same values and refuse the rest with the same message, which names the
// parameter as the CLI spells it ("--crash: must be less than --nodes").
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "sim/scenario.hpp"

namespace rumor::runs {

inline constexpr std::array<std::string_view, 9> kScenarios{
    "join",   "broadcast",    "failure", "stall",       "partition",
    "steady", "mass-restart", "leave",   "intent-churn"};
bool is_scenario(std::string_view name);

// The parameters given as names, and those whose absence means "the profile's".
struct ScenarioWords {
  std::string profile = "lan";                  // lan | wan | local
  std::string lifeguard = "on";                 // on | off
  std::string jitter;                           // none | uniform | exponential; "": profile's
  std::string restart;                          // fresh | keep; "": no restart
  std::string stall_order = "queue-first";      // queue-first | timers-first
  std::optional<double> latency_ms, jitter_ms;  // nullopt: the profile's
  std::optional<double> membership_share;       // nullopt: the profile's
  std::string eager_gossip;                     // on | off; "": the profile's
  std::string layer;                            // core | serf; "": core, serf where needed
  // nullopt: the scenario's (100; Serf keeps a map per node of every member, N^2
  // records, so leave and intent-churn default to sizes that run in tens of seconds).
  std::optional<std::size_t> nodes;
};

// Sets p's named fields from `w`, then checks every field of `p` for `scenario`. Returns
// the first problem, or "" when the run can go ahead.
std::string apply(std::string_view scenario, const ScenarioWords& w, sim::ScenarioParams& p);

// Runs `scenario` (a checked one: apply() returned "") and returns what
// `rumor sim <scenario> --json` prints.
nlohmann::ordered_json run_scenario_json(std::string_view scenario, const sim::ScenarioParams& p);

}  // namespace rumor::runs
