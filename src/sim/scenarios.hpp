// The experiments: each takes ScenarioParams and returns its metrics. The CLI and the
// tests call the same functions (see report.hpp for turning results into text/JSON).
#pragma once

#include "sim/metrics.hpp"
#include "sim/scenario.hpp"

namespace rumor::sim {

// N nodes join through node 0; until every node sees N alive (then steady_s more).
JoinResult run_join(const ScenarioParams& p);
// One user broadcast in a converged cluster; until 50/90/99/100% have it.
BroadcastResult run_broadcast(const ScenarioParams& p);
// `crash` nodes crash; until every healthy node declares each of them dead.
FailureResult run_failure(const ScenarioParams& p);
// `stall` nodes stall for stall_time_s every stall_every_s; false deaths of the others.
StallResult run_stall(const ScenarioParams& p);
// `groups` sides for partition_time_s, then heal; until everyone sees everyone again.
PartitionResult run_partition(const ScenarioParams& p);
// restart_fraction of the nodes restart over restart_window_s with fresh incarnations;
// until every live node sees every live node alive, and who stays stuck.
MassRestartResult run_mass_restart(const ScenarioParams& p);
// An idle converged cluster for duration_s: traffic per node per second.
SteadyResult run_steady(const ScenarioParams& p);

// Serf: one node leaves gracefully while others send user events; until all have it left.
LeaveResult run_leave(const ScenarioParams& p);
// Serf: churn_per_s departures and as many new nodes a second for churn_time_s, then
// up to duration_s for the cluster to agree again.
IntentChurnResult run_intent_churn(const ScenarioParams& p);

// Scenario defaults for duration_s == 0, in simulated seconds.
double default_duration_s(const char* scenario);

}  // namespace rumor::sim
