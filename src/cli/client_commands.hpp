// The `rumor` command's client subcommands, with Serf's names, flags, output and JSON
// shapes: they drive a running agent (`rumor agent` or `serf agent`) over Serf's agent
// RPC protocol, as the `serf` command does.
#pragma once

#include <string>
#include <string_view>

namespace rumor::cli {

bool is_client_command(std::string_view name);
// Runs `rumor <name> <args>`; argv holds the arguments after the name. Returns the exit
// status: 0, 1 for a failed operation, 2 for a usage error.
int run_client_command(std::string_view name, int argc, char** argv);
// One line per subcommand, for `rumor --help`.
std::string client_commands_summary();

}  // namespace rumor::cli
