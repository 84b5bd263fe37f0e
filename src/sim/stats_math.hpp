// Arithmetic on core::Stats: the engine sums a node's lives and the cluster's nodes,
// and scenarios subtract a snapshot to measure a window.
#pragma once

#include "core/stats.hpp"

namespace rumor::sim {

void add_stats(core::Stats& into, const core::Stats& s);
// Every counter of `later` minus `earlier` (both cumulative, so never negative).
core::Stats diff_stats(const core::Stats& later, const core::Stats& earlier);

}  // namespace rumor::sim
