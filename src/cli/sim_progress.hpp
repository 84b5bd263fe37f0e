// A progress line for long simulations on a terminal: simulated time, nodes with a
// complete view, wall time so far and at most how much is left. Written to stderr,
// at most twice a second, and only when stderr is a terminal and --json is off.
#pragma once

#include "sim/engine.hpp"

namespace rumor::cli {

// The progress line as an engine observer; empty if stderr is not a terminal.
sim::Progress terminal_progress();
// Clears the line (call once the run is over).
void end_progress();

}  // namespace rumor::cli
