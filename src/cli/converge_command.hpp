// `rumor sim converge [flags]`: Serf's convergence model beside the curve the real
// protocol draws in the simulator (docs/simulator.md). Its own parser, as for
// `rumor sim epidemic`: `rumor sim` takes its scenario as a required positional.
#pragma once

namespace rumor::cli {

// argv[0] is "converge"; returns the process exit status (2 for usage errors).
int run_converge(int argc, char** argv);

}  // namespace rumor::cli
