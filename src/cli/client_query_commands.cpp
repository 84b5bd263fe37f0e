// The subcommands built on queries, streams and cluster-wide requests: query,
// reachability, monitor, keys, rtt.
#include <signal.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <map>
#include <set>

#include "agent/duration.hpp"
#include "cli/client_command_list.hpp"
#include "cli/client_support.hpp"
#include "serf/config.hpp"

namespace rumor::cli {

namespace {

using agent::RpcClient;
using agent::RpcError;
using namespace std::chrono_literals;

std::string text_of(const Bytes& b) {
  return std::string(b.begin(), b.end());
}

}  // namespace

int run_query(int argc, char** argv) {
  ClientCommandLine cl("query [options] name [payload]",
                       "  Dispatches a query to the cluster and prints the acks and responses.");
  bool no_ack = false;
  std::vector<std::string> nodes, tags;
  std::string timeout_text = "0", format = "text", relay_text = "0";
  cl.list("node", "only these nodes respond", nodes);
  cl.list("tag", "only nodes whose tag <key> matches <regexp> respond, as key=regexp", tags);
  // A bad duration is the flag parser's complaint (stderr), as Go's DurationVar makes it.
  cl.value("timeout", "how long to wait for responses (default: the agent's, by cluster size)",
           [&](const std::string& v) -> std::string {
             if (!agent::parse_duration(v))
               return "-timeout: invalid duration '" + v + "' (e.g. 500ms, 15s, 1m30s)";
             timeout_text = v;
             return {};
           });
  cl.boolean("no-ack", "do not ask nodes to acknowledge the query", no_ack);
  cl.string("relay-factor", "relay each response through this many extra nodes (0-255)",
            relay_text);
  cl.string("format", "output format: text (default) or json", format);
  if (!cl.parse(argc, argv)) return 0;
  if (cl.args().empty()) throw UsageError("a query name must be specified");
  cl.expect_args(1, 2, "too many arguments: only a name and a payload may be given");
  check_format(format);
  agent::rpc::QueryRequest req;
  req.name = cl.args()[0];
  if (cl.args().size() == 2) req.payload = Bytes(cl.args()[1].begin(), cl.args()[1].end());
  req.filter_nodes = nodes;
  req.filter_tags = parse_tags(tags, "tag");
  req.request_ack = !no_ack;
  req.timeout_ns = std::chrono::nanoseconds(*agent::parse_duration(timeout_text)).count();
  int relay = -1;
  try {
    std::size_t used = 0;
    relay = std::stoi(relay_text, &used);
    if (used != relay_text.size()) relay = -1;
  } catch (const std::exception&) {
  }
  if (relay < 0 || relay > 255) throw UsageError("-relay-factor: must be between 0 and 255");
  req.relay_factor = static_cast<std::uint8_t>(relay);

  int acks = 0, responses = 0;
  std::vector<std::string> ack_list;
  std::map<std::string, std::string> response_map;
  const bool text = format == "text";
  RpcClient::QueryHandlers h;
  h.on_accepted = [&] {
    if (text) out_line("Query '" + req.name + "' dispatched");
  };
  h.on_ack = [&](const std::string& from) {
    ++acks;
    if (text)
      out_line("Ack from '" + from + "'");
    else
      ack_list.push_back(from);
  };
  h.on_response = [&](const std::string& from, const Bytes& payload) {
    ++responses;
    std::string p = text_of(payload);
    if (text) {
      if (!p.empty() && p.back() == '\n') p.pop_back();
      out_line("Response from '" + from + "': " + p);
    } else {
      response_map[from] = p;
    }
  };
  const int rc = with_agent(cl.rpc, "sending query", [&](RpcClient& client, std::string&) {
    client.query(req, h);
    return 0;
  });
  if (rc != 0) return rc;
  if (text) {
    if (!no_ack) out_line("Total Acks: " + std::to_string(acks));
    out_line("Total Responses: " + std::to_string(responses));
    return 0;
  }
  Json responses_json = Json::object();
  for (const auto& [from, p] : response_map) responses_json[from] = p;
  // Go marshals a nil slice as null: Serf prints "Acks": null when none came.
  out_line(to_json_text(Json{{"Acks", ack_list.empty() ? Json(nullptr) : Json(ack_list)},
                             {"Responses", responses_json}}));
  return 0;
}

namespace {

// Serf's reachability test: every live member should ack Serf's internal ping query.
int reachability(RpcClient& client, const std::vector<agent::rpc::RpcMember>& members,
                 bool verbose) {
  std::set<std::string> live;
  for (const auto& m : members)
    if (m.status == "alive") live.insert(m.name);
  out_line("Total members: " + std::to_string(members.size()) +
           ", live members: " + std::to_string(live.size()));

  agent::rpc::QueryRequest req;
  req.name = std::string(serf::kInternalQueryPrefix) + "ping";
  req.request_ack = true;
  const auto start = std::chrono::steady_clock::now();
  auto last = start;
  std::size_t num_acks = 0;
  bool dups = false;
  std::set<std::string> acks_from;
  RpcClient::QueryHandlers h;
  h.on_accepted = [] { out_line("Starting reachability test..."); };
  h.on_ack = [&](const std::string& from) {
    if (verbose) out_line("\tAck from '" + from + "'");
    ++num_acks;
    if (!acks_from.insert(from).second) {
      dups = true;
      out_line("Duplicate response from '" + from + "'");
    }
    last = std::chrono::steady_clock::now();
  };
  client.query(req, h);
  if (verbose) {
    const auto secs = [&](auto d) { return std::chrono::duration<double>(d).count(); };
    char line[128];
    std::snprintf(line, sizeof line, "Query time: %0.2f sec, time to last response: %0.2f sec",
                  secs(std::chrono::steady_clock::now() - start), secs(last - start));
    out_line(line);
  }
  int exit = 0;
  if (dups) {
    out_line(
        "Duplicate responses means there is a misconfiguration. Verify that node names "
        "are unique.");
    exit = kExitFailure;
  }
  const char* troubleshooting =
      "\nTroubleshooting tips:\n"
      "* Ensure that the bind addr:port is accessible by all other nodes\n"
      "* If an advertise address is set, ensure it routes to the bind address\n"
      "* Check that no nodes are behind a NAT\n"
      "* If nodes are behind firewalls or iptables, check that Serf traffic is permitted "
      "(UDP and TCP)\n"
      "* Verify networking equipment is functional";
  if (num_acks == live.size()) {
    out_line("Successfully contacted all live nodes");
  } else if (num_acks > live.size()) {
    out_line("Received more acks than live nodes! Acks from non-live nodes:");
    for (const auto& m : acks_from)
      if (!live.count(m)) out_line("\t" + m);
    out_line(
        "This could mean Serf is detecting false-failures due to a misconfiguration or "
        "network issue.");
    out_line(troubleshooting);
    return kExitFailure;
  } else {
    out_line("Received less acks than live nodes! Missing acks from:");
    for (const auto& m : live)
      if (!acks_from.count(m)) out_line("\t" + m);
    out_line(
        "This could mean Serf gossip packets are being lost due to a misconfiguration or "
        "network issue.");
    out_line(troubleshooting);
    return kExitFailure;
  }
  return exit;
}

}  // namespace

int run_reachability(int argc, char** argv) {
  ClientCommandLine cl("reachability [options]",
                       "  Tests the network reachability of the agent's node: every live member\n"
                       "  should acknowledge Serf's internal ping query.");
  bool verbose = false;
  cl.boolean("verbose", "print each ack and the timing", verbose);
  if (!cl.parse(argc, argv)) return 0;
  cl.expect_args(0, 0, "reachability takes no arguments");
  return with_agent(cl.rpc, "getting members", [&](RpcClient& client, std::string& doing) {
    const auto members = client.members();
    doing = "sending query";
    return reachability(client, members, verbose);
  });
}

namespace {
volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void on_interrupt(int) {
  g_interrupted = 1;
}
}  // namespace

int run_monitor(int argc, char** argv) {
  ClientCommandLine cl("monitor [options]",
                       "  Streams the log of a running agent, including levels its own log\n"
                       "  filters out, until interrupted.");
  std::string level = "INFO";
  cl.string("log-level", "trace, debug, info (default), warn or err", level);
  if (!cl.parse(argc, argv)) return 0;
  cl.expect_args(0, 0, "monitor takes no arguments");
  for (char& c : level) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (level != "TRACE" && level != "DEBUG" && level != "INFO" && level != "WARN" && level != "ERR")
    throw UsageError("-log-level: unknown level '" + level + "' (trace, debug, info, warn, err)");
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  return with_agent(cl.rpc, "starting monitor", [&](RpcClient& client, std::string&) {
    try {
      client.monitor(
          level,
          [](const std::string& line) {
            out_line(line);
            return true;
          },
          std::chrono::hours(24 * 365), [] { return g_interrupted == 0; });
    } catch (const RpcError& e) {
      if (e.kind() == RpcError::Kind::agent) throw;
      out_line("");
      out_line(
          "Remote side ended the monitor! This usually means that the\n"
          "remote side has exited or crashed.");
      return kExitFailure;
    }
    return 0;
  });
}

namespace {

// A keyring command's failure as Serf prints it: each member's complaint, then the error.
int report_key_failures(const agent::KeyringReply& r, const std::string& message) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& [node, msg] : r.reply.messages) rows.push_back({"failed:", node, msg});
  if (!rows.empty()) err_line(columnize(rows));
  err_line("");
  err_line(message + ": " + r.error);
  return kExitFailure;
}

int list_keys(RpcClient& client) {
  out_line("==> Asking all members for installed keys...");
  const auto r = client.list_keys();
  if (!r.error.empty()) return report_key_failures(r, "Failed to gather member keys");
  out_line("==> Keys gathered, listing cluster keys...");
  out_line("");
  std::vector<std::vector<std::string>> rows;
  const std::string total = std::to_string(r.reply.num_nodes);
  for (const auto& [key, n] : r.reply.keys) {
    std::string count = std::to_string(n);
    count.insert(0, 1, '[');
    count += '/';
    count += total;
    count += ']';
    rows.push_back({key, std::move(count)});
  }
  out_line(columnize(rows));
  return 0;
}

// The one of -install, -use, -remove that is set.
int change_keys(RpcClient& client, const std::string& install, const std::string& use,
                const std::string& remove) {
  if (!install.empty()) {
    out_line("==> Installing key on all members...");
    const auto r = client.install_key(install);
    if (!r.error.empty()) return report_key_failures(r, "Error installing key");
    out_line("==> Successfully installed key!");
  } else if (!use.empty()) {
    out_line("==> Changing primary key on all members...");
    const auto r = client.use_key(use);
    if (!r.error.empty()) return report_key_failures(r, "Error changing primary key");
    out_line("==> Successfully changed primary key!");
  } else {
    out_line("==> Removing key on all members...");
    const auto r = client.remove_key(remove);
    if (!r.error.empty()) return report_key_failures(r, "Error removing key");
    out_line("==> Successfully removed key!");
  }
  return 0;
}

}  // namespace

int run_keys(int argc, char** argv) {
  ClientCommandLine cl("keys [options]",
                       "  Manages the cluster's encryption keyring: every change is sent to all\n"
                       "  members. Exits 0 only if every member replies without error.");
  std::string install, use, remove;
  bool list = false;
  cl.string("install", "install a new key on every member (for decryption only)", install);
  cl.string("use", "make an installed key the primary one (used to encrypt)", use);
  cl.string("remove", "remove a key that is not the primary one", remove);
  cl.boolean("list", "list the keys installed in the cluster, with their counts", list);
  if (!cl.parse(argc, argv)) return 0;
  cl.expect_args(0, 0, "keys takes no arguments, only one of its options");
  const int actions = int(list) + int(!install.empty()) + int(!use.empty()) + int(!remove.empty());
  if (actions != 1) throw UsageError("exactly one of -install, -use, -remove or -list is needed");
  return with_agent(cl.rpc, "managing keys", [&](RpcClient& client, std::string&) {
    return list ? list_keys(client) : change_keys(client, install, use, remove);
  });
}

int run_rtt(int argc, char** argv) {
  ClientCommandLine cl("rtt [options] node1 [node2]",
                       "  Estimates the round trip time between two nodes from the cluster's\n"
                       "  network coordinates. Without node2, the agent's own node is used.");
  if (!cl.parse(argc, argv)) return 0;
  cl.expect_args(1, 2, "one or two node names must be specified");
  return with_agent(cl.rpc, "querying agent", [&](RpcClient& client, std::string& doing) {
    std::vector<std::string> nodes = cl.args();
    if (nodes.size() == 1) {
      const auto stats = client.stats();
      const auto agent = stats.find("agent");
      if (agent == stats.end() || !agent->second.count("name")) {
        err_line("Error querying agent: its stats carry no node name");
        return kExitFailure;
      }
      nodes.push_back(agent->second.at("name"));
    }
    doing = "getting coordinates";
    std::vector<serf::Coordinate> coords;
    for (const auto& node : nodes) {
      auto c = client.get_coordinate(node);
      if (!c) {
        err_line("Could not find a coordinate for node \"" + node + "\"");
        return kExitFailure;
      }
      coords.push_back(std::move(*c));
    }
    if (!coords[0].compatible_with(coords[1])) {
      err_line("Error getting coordinates: the two coordinates have different dimensions");
      return kExitFailure;
    }
    const double rtt = serf::distance_seconds(coords[0], coords[1]);
    char dist[64];
    std::snprintf(dist, sizeof dist, "%.3f ms", rtt * 1000.0);
    out_line("Estimated " + nodes[0] + " <-> " + nodes[1] + " rtt: " + dist);
    return 0;
  });
}

}  // namespace rumor::cli
