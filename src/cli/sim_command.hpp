// `rumor sim <scenario> [flags]`: runs one simulator scenario and prints its report.
#pragma once

#include <CLI/CLI.hpp>

namespace rumor::cli {

void add_sim_command(CLI::App& app);
// The status of the subcommand that ran (0 when it succeeded).
int exit_code();

}  // namespace rumor::cli
