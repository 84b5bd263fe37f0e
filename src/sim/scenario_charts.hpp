// `rumor sim <scenario> --plot`: one chart per scenario of what it measures over time,
// drawn from the time series in its result (metrics.hpp).
#pragma once

#include "plot/svg_chart.hpp"
#include "sim/metrics.hpp"
#include "sim/scenario.hpp"

namespace rumor::sim {

plot::Chart to_chart(const ScenarioParams& p, const JoinResult& r);
plot::Chart to_chart(const ScenarioParams& p, const BroadcastResult& r);
plot::Chart to_chart(const ScenarioParams& p, const FailureResult& r);
plot::Chart to_chart(const ScenarioParams& p, const StallResult& r);
plot::Chart to_chart(const ScenarioParams& p, const PartitionResult& r);
plot::Chart to_chart(const ScenarioParams& p, const MassRestartResult& r);
plot::Chart to_chart(const ScenarioParams& p, const SteadyResult& r);
plot::Chart to_chart(const ScenarioParams& p, const LeaveResult& r);
plot::Chart to_chart(const ScenarioParams& p, const IntentChurnResult& r);

}  // namespace rumor::sim
