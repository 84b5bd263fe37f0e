// The membership and housekeeping subcommands (members, join, leave, force-leave, event,
// tags, info, version, keygen) and the dispatch table; the query-shaped ones are in
// client_query_commands.cpp.
#include "cli/client_commands.hpp"

#include <sys/random.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "cli/client_command_list.hpp"
#include "cli/client_support.hpp"
#include "codec/base64.hpp"
#include "codec/ip.hpp"
#include "serf/config.hpp"
#include <rumor/version.hpp>

namespace rumor::cli {

namespace {

using agent::RpcClient;

// Go's net.TCPAddr text: an IPv4-mapped address prints as IPv4, IPv6 in brackets.
std::string member_addr(const agent::rpc::RpcMember& m) {
  Address a;
  a.port = m.port;
  const Bytes& b = m.addr;
  const bool mapped =
      b.size() == 16 &&
      std::all_of(b.begin(), b.begin() + 10, [](std::uint8_t x) { return x == 0; }) &&
      b[10] == 0xff && b[11] == 0xff;
  if (b.size() == 4 || mapped) {
    const std::size_t o = b.size() - 4;
    a.ip = Ip::v4(b[o], b[o + 1], b[o + 2], b[o + 3]);
  } else if (b.size() == 16) {
    std::copy(b.begin(), b.end(), a.ip.bytes.begin());
    a.ip.len = 16;
  }
  return a.to_string();
}

std::string joined_tags(const std::map<std::string, std::string>& tags) {
  std::string out;
  for (const auto& [k, v] : tags) out += (out.empty() ? "" : ",") + k + "=" + v;
  return out;
}

// Serf's members output: columns, or {"members": [...]} with Serf's keys.
void print_members(const std::vector<agent::rpc::RpcMember>& members, const std::string& format,
                   bool detailed) {
  if (format == "json") {
    Json list = Json::array();
    for (const auto& m : members) {
      Json tags_json = Json::object();
      for (const auto& [k, v] : m.tags) tags_json[k] = v;
      list.push_back(
          Json{{"name", m.name},
               {"addr", member_addr(m)},
               {"port", m.port},
               {"tags", tags_json},
               {"status", m.status},
               {"protocol",
                {{"max", m.delegate_max}, {"min", m.delegate_min}, {"version", m.delegate_cur}}}});
    }
    // Serf prints a nil list, as Go marshals it, when no member matches.
    out_line(to_json_text(Json{{"members", members.empty() ? Json(nullptr) : list}}));
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& m : members) {
    std::vector<std::string> row{m.name, member_addr(m), m.status, joined_tags(m.tags)};
    if (detailed) {
      row.push_back("Protocol Version: " + std::to_string(m.delegate_cur));
      row.push_back("Available Protocol Range: [" + std::to_string(m.delegate_min) + ", " +
                    std::to_string(m.delegate_max) + "]");
    }
    rows.push_back(std::move(row));
  }
  out_line(columnize(rows));
}

// Serf's info output: "section:" then "\tkey = value" lines, or the map as JSON.
void print_stats(const agent::rpc::StatsResponse& stats, const std::string& format) {
  if (format == "json") {
    Json j = Json::object();
    for (const auto& [section, values] : stats) {
      Json s = Json::object();
      for (const auto& [k, v] : values) s[k] = v;
      j[section] = s;
    }
    out_line(to_json_text(j));
    return;
  }
  std::string text;
  for (const auto& [section, values] : stats) {
    text += section + ":\n";
    for (const auto& [k, v] : values) text += "\t" + k + " = " + v + "\n";
  }
  out_line(trim(text));
}

}  // namespace

int run_members(int argc, char** argv) {
  ClientCommandLine cl("members [options]", "  Outputs the members of a running agent.");
  bool detailed = false;
  std::string format = "text", role, status, name;
  std::vector<std::string> tags;
  cl.boolean("detailed", "show protocol versions too (text output only)", detailed);
  cl.string("format", "output format: text (default) or json", format);
  cl.string("name", "only members whose name matches this regexp (anchored)", name);
  cl.string("role", "deprecated: the same as -tag role=<regexp>", role);
  cl.string("status", "only members whose status matches this regexp (anchored)", status);
  cl.list("tag", "only members with tag <key> matching <regexp>, as key=regexp", tags);
  if (!cl.parse(argc, argv)) return 0;
  cl.expect_args(0, 0, "members takes no arguments");
  check_format(format);
  if (!role.empty()) tags.push_back("role=" + role);
  agent::MemberFilter filter{parse_tags(tags, "tag"), status, name};

  return with_agent(cl.rpc, "retrieving members", [&](RpcClient& client, std::string&) {
    print_members(client.members(filter), format, detailed);
    return 0;
  });
}

int run_join(int argc, char** argv) {
  ClientCommandLine cl("join [options] address ...",
                       "  Tells a running agent to join the cluster by contacting at least one\n"
                       "  existing member.");
  bool replay = false;
  cl.boolean("replay", "replay past user events", replay);
  if (!cl.parse(argc, argv)) return 0;
  cl.expect_args(1, SIZE_MAX, "at least one address to join must be specified");
  return with_agent(cl.rpc, "joining the cluster", [&](RpcClient& client, std::string&) {
    const int n = client.join(cl.args(), replay);
    out_line("Successfully joined cluster by contacting " + std::to_string(n) + " nodes.");
    return 0;
  });
}

int run_leave(int argc, char** argv) {
  ClientCommandLine cl("leave [options]",
                       "  Causes the agent to gracefully leave the cluster and shut down.");
  if (!cl.parse(argc, argv)) return 0;
  cl.expect_args(0, 0, "leave takes no arguments");
  return with_agent(cl.rpc, "leaving", [&](RpcClient& client, std::string&) {
    client.leave();
    out_line("Graceful leave complete");
    return 0;
  });
}

int run_force_leave(int argc, char** argv) {
  ClientCommandLine cl("force-leave [options] name",
                       "  Forces a member of the cluster to enter the \"left\" state. A member\n"
                       "  that is still alive will rejoin. Most useful for failed nodes that\n"
                       "  are never coming back.");
  bool prune = false;
  cl.boolean("prune", "remove the member from the member list altogether", prune);
  if (!cl.parse(argc, argv)) return 0;
  cl.expect_args(1, 1, "a node name must be specified to force leave");
  const std::string& node = cl.args()[0];
  return with_agent(cl.rpc, "querying members", [&](RpcClient& client, std::string& doing) {
    const auto members = client.members();
    if (std::none_of(members.begin(), members.end(),
                     [&](const agent::rpc::RpcMember& m) { return m.name == node; })) {
      err_line("Node '" + node + "' not found in cluster");
      return kExitFailure;
    }
    doing = "force leaving";
    client.force_leave(node, prune);
    return 0;
  });
}

int run_event(int argc, char** argv) {
  ClientCommandLine cl("event [options] name [payload]",
                       "  Dispatches a custom event across the cluster.");
  bool coalesce = true;
  cl.boolean("coalesce",
             "whether the event may be coalesced with later ones of its name (default true)",
             coalesce);
  if (!cl.parse(argc, argv)) return 0;
  if (cl.args().empty()) throw UsageError("an event name must be specified");
  cl.expect_args(1, 2, "too many arguments: only a name and a payload may be given");
  const std::string& name = cl.args()[0];
  const std::string payload = cl.args().size() == 2 ? cl.args()[1] : std::string();
  return with_agent(cl.rpc, "sending event", [&](RpcClient& client, std::string&) {
    client.user_event(
        name, ByteView(reinterpret_cast<const std::uint8_t*>(payload.data()), payload.size()),
        coalesce);
    out_line("Event '" + name +
             "' dispatched! Coalescing enabled: " + (coalesce ? "true" : "false"));
    return 0;
  });
}

int run_tags(int argc, char** argv) {
  ClientCommandLine cl("tags [options]", "  Modifies the tags of a running agent.");
  std::vector<std::string> set, remove;
  cl.list("set", "create or change a tag, as key=value", set);
  cl.list("delete", "remove a tag, if present", remove);
  if (!cl.parse(argc, argv)) return 0;
  cl.expect_args(0, 0, "tags takes no arguments, only -set and -delete");
  if (set.empty() && remove.empty()) throw UsageError("nothing to do: give -set or -delete");
  const auto tags = parse_tags(set, "set");
  return with_agent(cl.rpc, "setting tags", [&](RpcClient& client, std::string&) {
    client.update_tags(tags, remove);
    out_line("Successfully updated agent tags");
    return 0;
  });
}

int run_info(int argc, char** argv) {
  ClientCommandLine cl("info [options]", "  Provides debugging information for operators.");
  std::string format = "text";
  cl.string("format", "output format: text (default) or json", format);
  if (!cl.parse(argc, argv)) return 0;
  cl.expect_args(0, 0, "info takes no arguments");
  check_format(format);
  return with_agent(cl.rpc, "querying agent", [&](RpcClient& client, std::string&) {
    print_stats(client.stats(), format);
    return 0;
  });
}

int run_version(int argc, char** argv) {
  ClientCommandLine cl("version", "  Prints the rumor version and the Serf protocols it speaks.",
                       /*takes_rpc=*/false);
  if (!cl.parse(argc, argv)) return 0;
  cl.expect_args(0, 0, "version takes no arguments");
  out_line(std::string("rumor v") + rumor::version());
  out_line("Agent Protocol: " + std::to_string(serf::kProtocolVersionMax) +
           " (Understands back to: " + std::to_string(serf::kProtocolVersionMin) + ")");
  return 0;
}

int run_keygen(int argc, char** argv) {
  ClientCommandLine cl("keygen",
                       "  Generates a new 32-byte encryption key, printed in base64 as the\n"
                       "  agent's -encrypt flag and `rumor keys` take it.",
                       /*takes_rpc=*/false);
  if (!cl.parse(argc, argv)) return 0;
  cl.expect_args(0, 0, "keygen takes no arguments");
  std::array<std::uint8_t, 32> key{};
  std::size_t got = 0;
  while (got < key.size()) {
    const ssize_t n = ::getrandom(key.data() + got, key.size() - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      err_line(std::string("Error reading random data: ") + std::strerror(errno));
      return kExitFailure;
    }
    got += static_cast<std::size_t>(n);
  }
  out_line(codec::base64_encode(ByteView(key.data(), key.size())));
  return 0;
}

namespace {

struct Command {
  std::string_view name;
  std::string_view summary;
  int (*run)(int, char**);
};

constexpr Command kCommands[] = {
    {"members", "Lists the members of a cluster", run_members},
    {"join", "Tells an agent to join a cluster", run_join},
    {"leave", "Gracefully leaves the cluster and shuts the agent down", run_leave},
    {"force-leave", "Forces a member of the cluster to enter the \"left\" state", run_force_leave},
    {"event", "Sends a custom event through the cluster", run_event},
    {"query", "Sends a query to the cluster and prints the acks and responses", run_query},
    {"tags", "Modifies the tags of a running agent", run_tags},
    {"keys", "Manages the cluster's encryption keyring", run_keys},
    {"monitor", "Streams the log of an agent", run_monitor},
    {"info", "Provides debugging information for operators", run_info},
    {"rtt", "Estimates the network round trip time between nodes", run_rtt},
    {"reachability", "Tests the network reachability of the agent's node", run_reachability},
    {"keygen", "Generates a new encryption key", run_keygen},
    {"version", "Prints the rumor version", run_version},
};

const Command* find_command(std::string_view name) {
  for (const auto& c : kCommands)
    if (c.name == name) return &c;
  return nullptr;
}

}  // namespace

bool is_client_command(std::string_view name) {
  return find_command(name) != nullptr;
}

int run_client_command(std::string_view name, int argc, char** argv) {
  const Command* c = find_command(name);
  if (c == nullptr) {
    err_line("rumor: unknown command '" + std::string(name) + "'");
    return kExitUsage;
  }
  const std::string hint = "Run 'rumor " + std::string(name) + " -h' for usage.";
  try {
    return c->run(argc, argv);
  } catch (const FlagError& e) {
    std::fprintf(stderr, "rumor %s: %s\n%s\n", std::string(name).c_str(), e.what(), hint.c_str());
    return kExitUsage;
  } catch (const UsageError& e) {
    err_line("rumor " + std::string(name) + ": " + e.what());
    err_line(hint);
    return kExitUsage;
  } catch (const std::exception& e) {
    err_line("rumor " + std::string(name) + ": " + e.what());
    return kExitFailure;
  }
}

std::string client_commands_summary() {
  std::string out = "Client commands (drive a running agent over Serf's RPC, as `serf` does):\n";
  for (const auto& c : kCommands) {
    std::string name(c.name);
    name.resize(std::max<std::size_t>(name.size(), 14), ' ');
    out += "  " + name + std::string(c.summary) + "\n";
  }
  return out;
}

}  // namespace rumor::cli
