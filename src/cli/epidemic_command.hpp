// `rumor sim epidemic [flags]`: the epidemic-algorithm lab (docs/epidemic.md). It has a
// parser of its own because `rumor sim` takes its scenario as a required positional.
#pragma once

namespace rumor::cli {

// argv[0] is "epidemic"; returns the process exit status (2 for usage errors).
int run_epidemic(int argc, char** argv);

}  // namespace rumor::cli
