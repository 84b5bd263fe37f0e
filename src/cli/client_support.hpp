// What every client subcommand (rumor members, join, query, ...) shares: Serf's flag
// syntax with positional arguments after the flags, -rpc-addr / -rpc-auth with their
// environment defaults, usage errors, and output as Serf formats it (columns, JSON).
#pragma once

#include <exception>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "agent/rpc_client.hpp"
#include "cli/go_flags.hpp"

namespace rumor::cli {

// Exit statuses: a failed operation, and a command line we cannot use.
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// A command line we cannot use; the message names the problem. Printed to stdout, as
// Serf prints "An event name must be specified." and its other usage complaints.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// One the flag parser refused (an unknown flag, a flag's bad value): printed to stderr,
// where Go's flag package writes "flag provided but not defined: -x".
struct FlagError : UsageError {
  using UsageError::UsageError;
};

// One subcommand's command line, parsed as Go's flag package does: flags first, then
// positional arguments from the first argument that is not a flag (or after "--").
class ClientCommandLine {
 public:
  // `synopsis`: "members [options]"; `description`: a paragraph for -h.
  ClientCommandLine(std::string synopsis, std::string description, bool takes_rpc = true);

  void string(const std::string& name, const std::string& help, std::string& target);
  void list(const std::string& name, const std::string& help, std::vector<std::string>& target);
  void boolean(const std::string& name, const std::string& help, bool& target);
  void value(const std::string& name, const std::string& help,
             std::function<std::string(const std::string&)> set);

  // False when -h was given (usage printed to stdout). Throws FlagError (after printing
  // the usage to stdout, as Serf does).
  bool parse(int argc, char** argv);
  const std::vector<std::string>& args() const { return args_; }
  // Throws UsageError unless there are between min and max positional arguments.
  void expect_args(std::size_t min, std::size_t max, const std::string& what) const;
  std::string usage() const;

  // -rpc-addr (default $RUMOR_RPC_ADDR, $SERF_RPC_ADDR, 127.0.0.1:7373) and -rpc-auth
  // (default $RUMOR_RPC_AUTH, $SERF_RPC_AUTH).
  agent::RpcClientOptions rpc;

 private:
  std::string synopsis_, description_;
  GoFlags flags_;
  std::vector<std::string> value_flags_;  // flags that take a value ("-name value")
  std::vector<std::string> args_;
};

// "-format": "text" or "json"; throws UsageError for anything else.
void check_format(const std::string& format);
// Serf's "key=value" tag syntax (-tag, -set); throws UsageError naming the flag.
std::map<std::string, std::string> parse_tags(const std::vector<std::string>& pairs,
                                              const std::string& flag);

// Rows of cells as Serf's columnize prints them: each column but the last padded to its
// widest cell, two spaces between columns; the whole trimmed as Serf trims output.
std::string columnize(const std::vector<std::vector<std::string>>& rows);
// Serf's final touch on every output: surrounding whitespace trimmed.
std::string trim(const std::string& s);

// JSON as Serf prints it (Go's MarshalIndent, two spaces); invalid UTF-8 is replaced.
using Json = nlohmann::ordered_json;
std::string to_json_text(const Json& j);

// Prints a line to stdout and flushes (streamed output reaches pipes at once).
void out_line(const std::string& line);
// Prints an error line where Serf's commands print theirs: on stdout (its cli.Ui has no
// separate error writer), so `2>/dev/null` hides nothing and scripts read the same.
void err_line(const std::string& line);

// Prints "Error <doing>: <what>" (err_line), as Serf words its failures; returns 1.
int fail(const std::string& doing, const std::exception& e);

// Connects to the agent and runs `op` on it, as Serf's commands do: a connection failure
// prints "Error connecting to the agent: ..." and an RpcError thrown by `op` prints
// "Error <doing>: <message>" (op may change `doing` as it goes); both exit 1. Returns
// op's exit status otherwise.
int with_agent(const agent::RpcClientOptions& options, std::string doing,
               const std::function<int(agent::RpcClient&, std::string& doing)>& op);

}  // namespace rumor::cli
