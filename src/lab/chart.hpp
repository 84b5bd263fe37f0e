// An experiment as a chart (plot::Chart, rendered by plot::render_svg): the informed
// fraction per cycle for anti-entropy and rumor mongering, the relative error per round
// (log scale) for push-sum; the trials' mean, their 10th-90th percentile band, and the
// model's curve where there is one.
#pragma once

#include "lab/summary.hpp"
#include "lab/trials.hpp"
#include "plot/svg_chart.hpp"

namespace rumor::lab {

plot::Chart to_chart(const Experiment& e, const Summary& s);

}  // namespace rumor::lab
