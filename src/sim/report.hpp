// Report: a scenario's parameters and results as an ordered list of named fields, the
// one shape both output formats are printed from (so text and JSON never disagree).
// Field names carry their units: _s, _per_s, _bytes, ...
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sim/metrics.hpp"
#include "sim/scenario.hpp"

namespace rumor::sim {

using FieldValue = std::variant<std::monostate, bool, std::int64_t, double, std::string>;
struct Field {
  std::string key;
  FieldValue value;  // monostate: "did not happen" (null in JSON)
};

struct Report {
  std::string scenario;
  std::vector<Field> params;
  double gossip_interval_s = 0.2;  // of the run's config, for Serf's model beside it
  int gossip_nodes = 3;
  RunInfo run;
  std::vector<Field> metrics;
  Traffic traffic;
  // A second measured window (join's steady state after convergence), reported apart.
  std::optional<Traffic> steady;
};

Report make_report(const ScenarioParams& p, const JoinResult& r);
Report make_report(const ScenarioParams& p, const BroadcastResult& r);
Report make_report(const ScenarioParams& p, const FailureResult& r);
Report make_report(const ScenarioParams& p, const StallResult& r);
Report make_report(const ScenarioParams& p, const PartitionResult& r);
Report make_report(const ScenarioParams& p, const MassRestartResult& r);
Report make_report(const ScenarioParams& p, const SteadyResult& r);
Report make_report(const ScenarioParams& p, const LeaveResult& r);
Report make_report(const ScenarioParams& p, const IntentChurnResult& r);

// One JSON object: scenario, params, seed, trace_hash, every metric at the top level,
// then traffic (per node, by message type), the engine's network counters, and for runs
// with Serf nodes a "serf" object (user events, queries, Serf's queues).
nlohmann::ordered_json to_json(const Report& r);
// A readable summary for a terminal.
std::string to_text(const Report& r);

}  // namespace rumor::sim
