#include "cli/client_support.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace rumor::cli {

namespace {

std::string env_or(const char* first, const char* second, const std::string& fallback) {
  for (const char* name : {first, second})
    if (const char* v = std::getenv(name); v != nullptr && *v != '\0') return v;
  return fallback;
}

}  // namespace

ClientCommandLine::ClientCommandLine(std::string synopsis, std::string description, bool takes_rpc)
    : synopsis_(std::move(synopsis)), description_(std::move(description)) {
  rpc.addr = env_or("RUMOR_RPC_ADDR", "SERF_RPC_ADDR", agent::kDefaultRpcAddr);
  rpc.auth_key = env_or("RUMOR_RPC_AUTH", "SERF_RPC_AUTH", "");
  if (!takes_rpc) return;
  string("rpc-addr",
         "RPC address of the agent (default $RUMOR_RPC_ADDR, $SERF_RPC_ADDR or 127.0.0.1:7373)",
         rpc.addr);
  string("rpc-auth", "RPC auth token of the agent (default $RUMOR_RPC_AUTH or $SERF_RPC_AUTH)",
         rpc.auth_key);
}

void ClientCommandLine::value(const std::string& name, const std::string& help,
                              std::function<std::string(const std::string&)> set) {
  flags_.value(name, help, std::move(set));
  value_flags_.push_back(name);
}

void ClientCommandLine::string(const std::string& name, const std::string& help,
                               std::string& target) {
  value(name, help, [&target](const std::string& v) {
    target = v;
    return std::string();
  });
}

void ClientCommandLine::list(const std::string& name, const std::string& help,
                             std::vector<std::string>& target) {
  value(name, help + " (repeatable)", [&target](const std::string& v) {
    target.push_back(v);
    return std::string();
  });
}

void ClientCommandLine::boolean(const std::string& name, const std::string& help, bool& target) {
  flags_.boolean(name, help, target);
}

bool ClientCommandLine::parse(int argc, char** argv) {
  // Go's flag package stops at the first argument that is not a flag, and after "--";
  // a flag without "=" that takes a value takes the next argument as it.
  int n_flags = 0;
  int first_arg = argc;
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") {
      first_arg = i + 1;
      break;
    }
    if (arg.size() < 2 || arg[0] != '-') {
      first_arg = i;
      break;
    }
    std::string name = arg.substr(arg[1] == '-' ? 2 : 1);
    const bool has_value = name.find('=') != std::string::npos;
    if (!has_value &&
        std::find(value_flags_.begin(), value_flags_.end(), name) != value_flags_.end())
      ++i;
    n_flags = std::min(i + 1, argc);
  }
  if (auto err = flags_.parse(n_flags, argv); !err.empty()) {
    // As Go's flag package with Serf's Usage func: the complaint goes to stderr (the
    // caller prints it), the command's usage to stdout.
    std::printf("%s", usage().c_str());
    std::fflush(stdout);
    throw FlagError(err);
  }
  if (flags_.help_requested()) {
    std::printf("%s", usage().c_str());
    return false;
  }
  args_.assign(argv + first_arg, argv + argc);
  return true;
}

void ClientCommandLine::expect_args(std::size_t min, std::size_t max,
                                    const std::string& what) const {
  if (args_.size() < min || args_.size() > max) throw UsageError(what);
}

std::string ClientCommandLine::usage() const {
  std::string out = "Usage: rumor " + synopsis_ + "\n\n" + description_ + "\n";
  const std::string flags = flags_.usage();
  if (!flags.empty()) out += "\nOptions:\n\n" + flags;
  return out;
}

void check_format(const std::string& format) {
  if (format != "text" && format != "json")
    throw UsageError("-format: invalid output format '" + format + "' (text or json)");
}

std::map<std::string, std::string> parse_tags(const std::vector<std::string>& pairs,
                                              const std::string& flag) {
  std::map<std::string, std::string> out;
  for (const auto& p : pairs) {
    const auto eq = p.find('=');
    if (eq == std::string::npos || eq == 0)
      throw UsageError("-" + flag + ": invalid tag '" + p + "', expected key=value");
    out[p.substr(0, eq)] = p.substr(eq + 1);
  }
  return out;
}

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

std::string columnize(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (widths.size() <= c) widths.push_back(0);
      widths[c] = std::max(widths[c], row[c].size());
    }
  std::string out;
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c > 0) out += "  ";
      out += row[c];
      if (c + 1 < row.size()) out.append(widths[c] - row[c].size(), ' ');
    }
    out += '\n';
  }
  return trim(out);
}

std::string to_json_text(const Json& j) {
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

void out_line(const std::string& line) {
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

void err_line(const std::string& line) {
  out_line(line);
}

int fail(const std::string& doing, const std::exception& e) {
  err_line("Error " + doing + ": " + e.what());
  return kExitFailure;
}

int with_agent(const agent::RpcClientOptions& options, std::string doing,
               const std::function<int(agent::RpcClient&, std::string& doing)>& op) {
  std::unique_ptr<agent::RpcClient> client;
  try {
    client = std::make_unique<agent::RpcClient>(options);
  } catch (const agent::RpcError& e) {
    std::string hint;
    if (e.kind() == agent::RpcError::Kind::connect)
      hint = " (is an agent running with -rpc-addr=" + options.addr + "?)";
    err_line("Error connecting to the agent: " + std::string(e.what()) + hint);
    return kExitFailure;
  }
  try {
    return op(*client, doing);
  } catch (const agent::RpcError& e) {
    return fail(doing, e);
  }
}

}  // namespace rumor::cli
