// The client subcommands, one function each (argv: the arguments after the name), shared
// by client_commands.cpp (which dispatches) and client_query_commands.cpp. Each returns
// the exit status and throws UsageError for a command line it cannot use.
#pragma once

namespace rumor::cli {

int run_members(int argc, char** argv);
int run_join(int argc, char** argv);
int run_leave(int argc, char** argv);
int run_force_leave(int argc, char** argv);
int run_event(int argc, char** argv);
int run_tags(int argc, char** argv);
int run_info(int argc, char** argv);
int run_version(int argc, char** argv);
int run_keygen(int argc, char** argv);
int run_query(int argc, char** argv);
int run_reachability(int argc, char** argv);
int run_monitor(int argc, char** argv);
int run_keys(int argc, char** argv);
int run_rtt(int argc, char** argv);

}  // namespace rumor::cli
