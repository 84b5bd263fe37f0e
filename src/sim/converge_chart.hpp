// `rumor sim converge --plot`: Serf's model curve, the measured mean and its 5th-95th
// percentile band over seeds, fraction of live nodes against seconds since the broadcast.
#pragma once

#include "plot/svg_chart.hpp"
#include "sim/converge.hpp"

namespace rumor::sim {

plot::Chart to_chart(const ConvergeResult& r);

}  // namespace rumor::sim
