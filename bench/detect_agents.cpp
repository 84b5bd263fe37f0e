// Failure detection, rumor agents against real `serf` agents, side by side on loopback:
// how long until every other agent lists a `kill -9`ed agent failed, and how many
// healthy agents anyone declares failed meanwhile (false failures).
//
//   detect_agents [--agents 32] [--profile lan-fast] [--kills 5] [--watch 600]
//                 [--rumor-only] [--json]
//
// Both clusters are up at once, so the machine's noise falls on both. The rumor agents
// run with --profile (serf's with lan, its default). After both have converged:
// - watch: --watch seconds with nothing done to either cluster;
// - kills: --kills rounds; in each, one random agent of each cluster (never the seed) is
//   killed with SIGKILL at the same moment, and every other agent is polled over RPC
//   (members-filtered by name, a persistent connection each, one thread per cluster)
//   until it lists the victim failed: the detection time is when the last one did. The
//   victims then restart and rejoin, and the next round waits until everyone sees them
//   alive again (the rejoin time).
// False failures are counted from the agents' logs (-log-level=info): every
// "EventMemberFailed: <name>" line, serf's and rumor's alike, whose name is not the
// victim of the round in progress. Each detection figure is a median (and the max) over
// the rounds; the poll sweep's length bounds its error.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "agent/child_process.hpp"
#include "agent/rpc_client.hpp"
#include "cli/built_binary.hpp"
#include "net/free_port.hpp"
#include "process_probe.hpp"

namespace {

using namespace std::chrono_literals;
using rumor::agent::ChildProcess;
using rumor::agent::RpcClient;
using rumor::bench::quantile;
using rumor::bench::slurp;
using rumor::bench::wait_for;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

const std::string kSerf = "/usr/bin/serf";

struct Options {
  int agents = 32;
  std::string profile = "lan-fast";
  int kills = 5;
  int watch_s = 60;
  bool rumor_only = false;
  bool json = false;
};

struct Agent {
  std::string name;
  std::uint16_t gossip = 0, rpc = 0;
  fs::path log;
  std::unique_ptr<ChildProcess> proc;
  std::unique_ptr<RpcClient> client;  // reused while it works
};

double seconds_since(Clock::time_point t0, Clock::time_point t) {
  return std::chrono::duration<double>(t - t0).count();
}

struct Cluster {
  std::string impl, bin, profile;
  std::vector<Agent> agents;
  std::vector<double> detect_s, detect_half_s, rejoin_s, sweep_ms;
  std::size_t false_failures = 0, false_failures_all = 0;  // in the watch; in the whole run
  std::vector<std::string> false_lines;
  std::set<std::string> victims;

  void start(Agent& a, const fs::path& dir, bool join) {
    std::vector<std::string> argv = {bin,
                                     "agent",
                                     "-node=" + a.name,
                                     "-bind=127.0.0.1:" + std::to_string(a.gossip),
                                     "-rpc-addr=127.0.0.1:" + std::to_string(a.rpc),
                                     "-profile=" + profile,
                                     "-log-level=info"};
    if (join) argv.push_back("-join=127.0.0.1:" + std::to_string(agents[0].gossip));
    a.log = dir / (a.name + ".log");
    a.client.reset();
    a.proc = std::make_unique<ChildProcess>(argv, a.log.string());
  }

  // The status `a` lists for `name` ("" when it does not answer or does not know it).
  std::string status_of(Agent& a, const std::string& name) {
    try {
      if (!a.client)
        a.client = std::make_unique<RpcClient>(
            rumor::agent::RpcClientOptions{"127.0.0.1:" + std::to_string(a.rpc), "", 5s});
      rumor::agent::MemberFilter f;
      f.name = name;
      for (const auto& m : a.client->members(f))
        if (m.name == name) return m.status;
      return "";
    } catch (const std::exception&) {
      a.client.reset();
      return "";
    }
  }

  int alive_seen_by(Agent& a) {
    try {
      if (!a.client)
        a.client = std::make_unique<RpcClient>(
            rumor::agent::RpcClientOptions{"127.0.0.1:" + std::to_string(a.rpc), "", 5s});
      int n = 0;
      for (const auto& m : a.client->members()) n += m.status == "alive";
      return n;
    } catch (const std::exception&) {
      a.client.reset();
      return -1;
    }
  }

  bool converged() {
    for (auto& a : agents)
      if (alive_seen_by(a) != static_cast<int>(agents.size())) return false;
    return true;
  }

  // Polls every agent but `victim` until each lists it with `status`; returns the time
  // (since t0) of the last and of the median agent, or nullopt at `limit`.
  bool await_status(std::size_t victim, const std::string& status, Clock::time_point t0,
                    std::chrono::seconds limit, double& last_s, double& half_s) {
    std::vector<double> seen(agents.size(), -1);
    std::size_t left = agents.size() - 1;
    while (left > 0 && Clock::now() - t0 < limit) {
      const auto sweep0 = Clock::now();
      for (std::size_t i = 0; i < agents.size(); ++i) {
        if (i == victim || seen[i] >= 0) continue;
        if (status_of(agents[i], agents[victim].name) == status) {
          seen[i] = seconds_since(t0, Clock::now());
          --left;
        }
      }
      sweep_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - sweep0).count());
      std::this_thread::sleep_for(50ms);
    }
    if (left > 0) return false;
    std::vector<double> v;
    for (std::size_t i = 0; i < agents.size(); ++i)
      if (i != victim) v.push_back(seen[i]);
    last_s = *std::max_element(v.begin(), v.end());
    half_s = quantile(v, 0.5);
    return true;
  }

  // "EventMemberFailed: <name>" lines in every log, except about `except`.
  std::vector<std::string> failed_lines(const std::set<std::string>& except) const {
    std::vector<std::string> out;
    for (const auto& a : agents) {
      std::istringstream in(slurp(a.log));
      std::string line;
      while (std::getline(in, line)) {
        const auto at = line.find("EventMemberFailed: ");
        if (at == std::string::npos) continue;
        std::istringstream rest(line.substr(at + 19));
        std::string who;
        rest >> who;
        if (!except.count(who)) out.push_back(a.name + ": " + line);
      }
    }
    return out;
  }
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(a + ": needs a value");
      return argv[++i];
    };
    if (a == "--agents") {
      o.agents = std::stoi(value());
    } else if (a == "--profile") {
      o.profile = value();
    } else if (a == "--kills") {
      o.kills = std::stoi(value());
    } else if (a == "--watch") {
      o.watch_s = std::stoi(value());
    } else if (a == "--rumor-only") {
      o.rumor_only = true;
    } else if (a == "--json") {
      o.json = true;
    } else {
      throw std::invalid_argument("unknown option " + a +
                                  " (use --agents N --profile P --kills N --watch SECONDS "
                                  "--rumor-only --json)");
    }
  }
  if (o.agents < 3 || o.kills < 0 || o.watch_s < 0)
    throw std::invalid_argument("--agents >= 3, --kills >= 0, --watch >= 0");
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  try {
    opt = parse(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "detect_agents: %s\n", e.what());
    return 2;
  }
  if (!opt.rumor_only && !fs::exists(kSerf)) {
    std::fprintf(stderr, "detect_agents: %s not found (apt-get install serf)\n", kSerf.c_str());
    return 2;
  }
  const fs::path dir = fs::temp_directory_path() / ("rumor-detect-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::vector<Cluster> clusters(opt.rumor_only ? 1 : 2);
  clusters[0].impl = "rumor";
  clusters[0].bin = ::rumor::cli::built_binary();
  clusters[0].profile = opt.profile;
  if (!opt.rumor_only) {
    clusters[1].impl = "serf";
    clusters[1].bin = kSerf;
    clusters[1].profile = "lan";
  }
  std::uint16_t cursor = 21000;
  for (auto& c : clusters) {
    for (int i = 0; i < opt.agents; ++i) {
      Agent a;
      a.name = c.impl + "-" + std::to_string(i);
      a.gossip = rumor::net::take_loopback_port(cursor);
      a.rpc = rumor::net::take_loopback_port(cursor);
      c.agents.push_back(std::move(a));
    }
  }
  auto fail = [&](const std::string& what) {
    std::fprintf(stderr, "detect_agents: %s (logs in %s)\n", what.c_str(), dir.c_str());
    return 1;
  };
  for (auto& c : clusters) c.start(c.agents[0], dir, false);
  for (auto& c : clusters)
    if (!wait_for([&] { return c.alive_seen_by(c.agents[0]) == 1; }, 30s, 100ms))
      return fail(c.impl + " seed did not start");
  for (std::size_t i = 1; i < static_cast<std::size_t>(opt.agents); ++i)
    for (auto& c : clusters) c.start(c.agents[i], dir, true);
  for (auto& c : clusters)
    if (!wait_for([&] { return c.converged(); }, 120s, 1s))
      return fail(c.impl + " cluster did not converge in 120 s");

  // Watch: nothing happens; any failure is a false one.
  std::fprintf(stderr, "converged; watching for %d s\n", opt.watch_s);
  std::this_thread::sleep_for(std::chrono::seconds(opt.watch_s));
  for (auto& c : clusters) {
    c.false_lines = c.failed_lines({});
    c.false_failures = c.false_lines.size();
  }

  std::mt19937_64 rng(1);
  for (int k = 1; k <= opt.kills; ++k) {
    std::vector<std::size_t> victims;
    for (auto& c : clusters)
      victims.push_back(std::uniform_int_distribution<std::size_t>(1, c.agents.size() - 1)(rng));
    for (std::size_t j = 0; j < clusters.size(); ++j)
      clusters[j].victims.insert(clusters[j].agents[victims[j]].name);
    const auto t0 = Clock::now();
    for (std::size_t j = 0; j < clusters.size(); ++j) clusters[j].agents[victims[j]].proc.reset();
    std::vector<std::thread> pollers;
    std::vector<int> ok(clusters.size(), 0);
    for (std::size_t j = 0; j < clusters.size(); ++j) {
      pollers.emplace_back([&, j] {
        double last = 0, half = 0;
        if (clusters[j].await_status(victims[j], "failed", t0, 120s, last, half)) {
          clusters[j].detect_s.push_back(last);
          clusters[j].detect_half_s.push_back(half);
          ok[j] = 1;
        }
      });
    }
    for (auto& t : pollers) t.join();
    for (std::size_t j = 0; j < clusters.size(); ++j)
      if (!ok[j]) return fail(clusters[j].impl + ": a kill was not detected by all in 120 s");
    std::fprintf(stderr, "kill %d: detected by all in", k);
    for (auto& c : clusters) std::fprintf(stderr, " %s %.2f s", c.impl.c_str(), c.detect_s.back());
    std::fprintf(stderr, "\n");
    // Back again: restart the victims, wait until everyone sees them alive.
    const auto t1 = Clock::now();
    for (std::size_t j = 0; j < clusters.size(); ++j)
      clusters[j].start(clusters[j].agents[victims[j]], dir, true);
    pollers.clear();
    for (std::size_t j = 0; j < clusters.size(); ++j) {
      pollers.emplace_back([&, j] {
        double last = 0, half = 0;
        if (clusters[j].await_status(victims[j], "alive", t1, 120s, last, half))
          clusters[j].rejoin_s.push_back(last);
      });
    }
    for (auto& t : pollers) t.join();
    for (auto& c : clusters)
      if (!wait_for([&] { return c.converged(); }, 60s, 500ms))
        return fail(c.impl + " did not converge again after a restart");
    std::this_thread::sleep_for(2s);
  }
  // False failures over the whole run: about anyone but a victim (a victim's failure is
  // a true one, whichever round it was in).
  for (auto& c : clusters) {
    c.false_lines = c.failed_lines(c.victims);
    c.false_failures_all = c.false_lines.size();
  }

  auto med = [](const std::vector<double>& v) { return quantile(v, 0.5); };
  auto mx = [](const std::vector<double>& v) {
    return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end());
  };
  if (opt.json) {
    std::printf("{\"agents\": %d, \"profile\": \"%s\", \"kills\": %d, \"watch_s\": %d", opt.agents,
                opt.profile.c_str(), opt.kills, opt.watch_s);
    for (const auto& c : clusters)
      std::printf(
          ", \"%s\": {\"detect_all_s\": %.3f, \"detect_all_max_s\": %.3f, \"detect_half_s\": %.3f, "
          "\"rejoin_s\": %.3f, \"poll_sweep_ms\": %.1f, \"false_failures_watch\": %zu, "
          "\"false_failures_all\": %zu}",
          c.impl.c_str(), med(c.detect_s), mx(c.detect_s), med(c.detect_half_s), med(c.rejoin_s),
          med(c.sweep_ms), c.false_failures, c.false_failures_all);
    if (clusters.size() == 2)
      std::printf(", \"ratio\": {\"detect_all\": %.3f}",
                  med(clusters[0].detect_s) / med(clusters[1].detect_s));
    std::printf("}\n");
  } else {
    std::printf("%d agents each (rumor -profile=%s, serf lan), %d kill -9 rounds, %d s watch\n\n",
                opt.agents, opt.profile.c_str(), opt.kills, opt.watch_s);
    std::printf("%-6s %14s %10s %12s %10s %12s %22s\n", "", "detect: all", "max", "half", "rejoin",
                "poll sweep", "false failures: watch/all");
    for (const auto& c : clusters)
      std::printf("%-6s %12.2f s %8.2f s %10.2f s %8.2f s %9.1f ms %16zu / %zu\n", c.impl.c_str(),
                  med(c.detect_s), mx(c.detect_s), med(c.detect_half_s), med(c.rejoin_s),
                  med(c.sweep_ms), c.false_failures, c.false_failures_all);
    if (clusters.size() == 2)
      std::printf("\nrumor/serf: detected by all %.3f\n",
                  med(clusters[0].detect_s) / med(clusters[1].detect_s));
    for (const auto& c : clusters)
      for (const auto& l : c.false_lines) std::printf("false failure: %s\n", l.c_str());
  }
  clusters.clear();
  fs::remove_all(dir);
  return 0;
}
