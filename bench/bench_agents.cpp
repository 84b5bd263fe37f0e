// rumor agents against real `serf` agents, side by side in one run on loopback: the
// same number of each, the same flags, both clusters up at the same time so that the
// machine's noise falls on both. Prints, per implementation, resident memory per agent,
// CPU per agent while idle, and the time for one user event to reach every agent's
// handler; then the ratios rumor/serf.
//
//   bench_agents [--agents 32] [--idle 60] [--events 5] [--coalesce] [--json]
//                [--profile lan|lan-fast|...] [--rumor-arg FLAG]... [--trace] [--keep]
//
// Memory is read after the idle period (RSS, PSS and anonymous; see memory_mb). CPU is utime+stime
// of each agent process over the idle period (handlers are children and do not run then). An
// event's latency is from just before `serf event` is started against the first agent until the
// last handler has written its timestamp (each handler is `date +%s%N`, the same for both).
// Event figures are the median and the 90th percentile over the events.
//
// --profile sets the rumor agents' -profile (serf's stay on lan, its default and the
// fastest it has); --rumor-arg adds a flag to theirs (-eager-gossip=false, say). --trace sets
// RUMOR_EVENT_TRACE for the rumor agents (agent/event_trace.hpp) and prints where each event's time
// went: the CLI and RPC, the spread through the cluster hop by hop, and each step inside the agents
// from receipt to the handler's own timestamp.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "agent/child_process.hpp"
#include "agent/process.hpp"
#include "cli/built_binary.hpp"
#include "net/free_port.hpp"
#include "process_probe.hpp"

namespace {

using namespace std::chrono_literals;
using rumor::agent::ChildProcess;
using rumor::bench::count_lines;
using rumor::bench::cpu_seconds;
using rumor::bench::Memory;
using rumor::bench::memory_mb;
using rumor::bench::quantile;
using rumor::bench::slurp;
using rumor::bench::wait_for;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

const std::string kSerf = "/usr/bin/serf";

struct Options {
  int agents = 32;
  int idle_s = 60;
  int events = 5;
  bool coalesce = false;  // both agents hold coalesced user events for >= 1 s of quiet
  bool json = false;
  bool trace = false;
  bool keep = false;            // --keep: leave the agents' files (times, traces, logs) behind
  std::string profile = "lan";  // the rumor agents' -profile
  std::vector<std::string> rumor_args;  // --rumor-arg: more flags for the rumor agents
};

std::int64_t wall_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct Agent {
  std::string name;
  std::uint16_t gossip = 0, rpc = 0;
  fs::path times;  // the handler appends one timestamp per user event
  std::unique_ptr<ChildProcess> proc;
};

struct Cluster {
  std::string impl;  // "rumor" or "serf"
  std::string bin;
  std::vector<Agent> agents;
  std::string profile = "lan";
  std::vector<std::string> extra_args;
  std::vector<double> latencies_ms;       // until the last handler ran, per event
  std::vector<double> half_latencies_ms;  // until half the handlers ran, per event
  std::vector<std::int64_t> sent_ns;      // when each event's `serf event` started
  Memory mem;                             // mean per agent
  double rss_max = 0, cpu_mean = 0, cpu_max = 0;

  std::string rpc_flag(const Agent& a) const {
    return "-rpc-addr=127.0.0.1:" + std::to_string(a.rpc);
  }
  void start(Agent& a, const fs::path& dir, bool join) {
    std::vector<std::string> argv = {bin,
                                     "agent",
                                     "-node=" + a.name,
                                     "-bind=127.0.0.1:" + std::to_string(a.gossip),
                                     "-rpc-addr=127.0.0.1:" + std::to_string(a.rpc),
                                     "-profile=" + profile,
                                     "-log-level=warn",
                                     "-event-handler",
                                     "user=date +%s%N >> " + a.times.string()};
    if (join) argv.push_back("-join=127.0.0.1:" + std::to_string(agents[0].gossip));
    argv.insert(argv.end(), extra_args.begin(), extra_args.end());
    a.proc = std::make_unique<ChildProcess>(argv, (dir / (a.name + ".log")).string());
  }
  // Alive members as one agent's RPC reports them (-1 when it does not answer).
  int alive_seen_by(const Agent& a) const {
    const auto r = rumor::agent::run_process(
        {kSerf + " members -status=alive " + rpc_flag(a), {}, "", 1 << 20, 10s});
    if (!r.ok()) return -1;
    return static_cast<int>(std::count(r.output.begin(), r.output.end(), '\n'));
  }
};

std::int64_t last_stamp(const fs::path& p) {
  std::istringstream in(slurp(p));
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return last.empty() ? 0 : std::stoll(last);
}

double median(std::vector<double> v) {
  return quantile(std::move(v), 0.5);
}

// ---- --trace: where an event's time goes -------------------------------------------

// One agent's trace file: stage -> event name -> (wall ns, detail).
struct Step {
  std::int64_t ns = 0;
  std::string detail;
};
using Trace = std::map<std::string, std::map<std::string, Step>>;

Trace read_trace(const fs::path& p) {
  Trace t;
  std::istringstream in(slurp(p));
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string stage, event, detail;
    std::int64_t ns = 0;
    if (!(f >> stage >> event >> ns)) continue;
    f >> detail;
    t[stage].emplace(event, Step{ns, detail});  // the first mark of a stage wins
  }
  return t;
}

// The n-th timestamp (1-based) a handler wrote.
std::int64_t nth_stamp(const fs::path& p, int n) {
  std::istringstream in(slurp(p));
  std::string line;
  for (int i = 0; std::getline(in, line);)
    if (!line.empty() && ++i == n) return std::stoll(line);
  return 0;
}

void print_trace(const Cluster& c, int events) {
  std::map<std::string, std::size_t> by_addr;
  for (std::size_t i = 0; i < c.agents.size(); ++i)
    by_addr["127.0.0.1:" + std::to_string(c.agents[i].gossip)] = i;
  std::vector<Trace> traces;
  for (const auto& a : c.agents)
    traces.push_back(read_trace(a.times.parent_path() / (a.name + ".trace")));
  auto at = [&](std::size_t i, const char* stage, const std::string& ev) -> const Step* {
    auto s = traces[i].find(stage);
    if (s == traces[i].end()) return nullptr;
    auto e = s->second.find(ev);
    return e == s->second.end() ? nullptr : &e->second;
  };
  auto ms = [](std::int64_t a, std::int64_t b) { return static_cast<double>(b - a) / 1e6; };
  // Per event, along the path to the agent whose handler ran last.
  std::vector<double> cli, rpc, spread, last_hops, last_deliver;
  // Per (agent, event): the steps from receipt to the handler's timestamp, and each hop.
  const char* steps[] = {"raised", "published", "dispatched", "spawn", "started"};
  std::vector<std::vector<double>> step_ms(6);
  std::vector<double> hop_ms, deliver_ms, depth;
  for (int e = 1; e <= events; ++e) {
    const std::string ev = "bench-" + std::to_string(e);
    const std::int64_t sent = c.sent_ns[static_cast<std::size_t>(e - 1)];
    const Step* origin_rpc = at(0, "rpc", ev);
    const Step* origin = at(0, "raised", ev);
    if (!origin_rpc || !origin) continue;
    cli.push_back(ms(sent, origin_rpc->ns));
    rpc.push_back(ms(origin_rpc->ns, origin->ns));
    std::size_t last = 0;
    std::int64_t last_handler = 0;
    for (std::size_t i = 0; i < c.agents.size(); ++i) {
      const std::int64_t h = nth_stamp(c.agents[i].times, e);
      const Step* r = at(i, "raised", ev);
      if (!r || h == 0) continue;
      if (h > last_handler) last_handler = h, last = i;
      deliver_ms.push_back(ms(r->ns, h));
      std::int64_t prev = r->ns;
      for (std::size_t k = 1; k < 5; ++k) {
        if (const Step* s = at(i, steps[k], ev)) {
          step_ms[k - 1].push_back(ms(prev, s->ns));
          prev = s->ns;
        }
      }
      step_ms[4].push_back(ms(prev, h));
      auto parent = by_addr.find(r->detail);
      if (parent != by_addr.end())
        if (const Step* pr = at(parent->second, "raised", ev)) hop_ms.push_back(ms(pr->ns, r->ns));
    }
    const Step* lr = at(last, "raised", ev);
    if (!lr) continue;
    spread.push_back(ms(origin->ns, lr->ns));
    last_deliver.push_back(ms(lr->ns, last_handler));
    int hops = 0;
    for (std::size_t i = last; hops < 64;) {  // walk the receipts back to the origin
      const Step* r = at(i, "raised", ev);
      auto p = r ? by_addr.find(r->detail) : by_addr.end();
      if (p == by_addr.end()) break;
      i = p->second, ++hops;
    }
    last_hops.push_back(hops);
  }
  auto row = [](const char* what, const std::vector<double>& v) {
    std::printf("  %-44s %8.1f ms %8.1f ms %8.1f ms\n", what, median(v), quantile(v, 0.9),
                v.empty() ? 0.0 : *std::max_element(v.begin(), v.end()));
  };
  std::printf("\nwhere a rumor event's time goes (%zu traced events)%37s %11s %11s\n", cli.size(),
              "median", "p90", "max");
  std::printf(" on the way to the agent whose handler ran last:\n");
  row("`serf event` started -> RPC at the agent", cli);
  row("RPC -> Serf has it on the gossip loop", rpc);
  row("origin's loop -> last agent's loop (gossip)", spread);
  std::printf("  %-44s %8.1f    %8.1f    %8.1f\n", "  hops from the origin", median(last_hops),
              quantile(last_hops, 0.9),
              last_hops.empty() ? 0.0 : *std::max_element(last_hops.begin(), last_hops.end()));
  row("last agent's loop -> its handler's timestamp", last_deliver);
  std::printf(" every agent, every event:\n");
  row("one hop: sender's receipt -> receiver's", hop_ms);
  row("receipt -> handler's timestamp", deliver_ms);
  const char* names[] = {"  receipt -> subscriber task (loop)", "  -> dispatcher thread",
                         "  -> handler thread starts it", "  -> fork returned (process up)",
                         "  -> handler's `date` wrote"};
  for (std::size_t k = 0; k < 5; ++k) row(names[k], step_ms[k]);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> int {
      if (i + 1 >= argc) throw std::invalid_argument(a + ": needs a value");
      return std::stoi(argv[++i]);
    };
    if (a == "--agents") {
      o.agents = value();
    } else if (a == "--idle") {
      o.idle_s = value();
    } else if (a == "--events") {
      o.events = value();
    } else if (a == "--json") {
      o.json = true;
    } else if (a == "--coalesce") {
      o.coalesce = true;
    } else if (a == "--trace") {
      o.trace = true;
    } else if (a == "--keep") {
      o.keep = true;
    } else if (a == "--profile") {
      if (i + 1 >= argc) throw std::invalid_argument(a + ": needs a value");
      o.profile = argv[++i];
    } else if (a == "--rumor-arg") {
      if (i + 1 >= argc) throw std::invalid_argument(a + ": needs a value");
      o.rumor_args.push_back(argv[++i]);
    } else {
      throw std::invalid_argument("unknown option " + a +
                                  " (use --agents N --idle SECONDS --events N --coalesce --json "
                                  "--profile P --rumor-arg FLAG --trace --keep)");
    }
  }
  if (o.agents < 2 || o.idle_s < 1 || o.events < 1)
    throw std::invalid_argument("--agents >= 2, --idle >= 1, --events >= 1");
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  try {
    opt = parse(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_agents: %s\n", e.what());
    return 2;
  }
  if (!fs::exists(kSerf)) {
    std::fprintf(stderr, "bench_agents: %s not found (apt-get install serf)\n", kSerf.c_str());
    return 2;
  }
  const fs::path dir = fs::temp_directory_path() / ("rumor-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);

  std::vector<Cluster> clusters(2);
  clusters[0].impl = "rumor";
  clusters[0].bin = ::rumor::cli::built_binary();
  clusters[0].profile = opt.profile;
  clusters[0].extra_args = opt.rumor_args;
  // Inherited by every agent; serf ignores it.
  if (opt.trace) ::setenv("RUMOR_EVENT_TRACE", dir.c_str(), 1);
  clusters[1].impl = "serf";
  clusters[1].bin = kSerf;
  std::uint16_t cursor = 20000;
  for (auto& c : clusters) {
    for (int i = 0; i < opt.agents; ++i) {
      Agent a;
      a.name = c.impl + "-" + std::to_string(i);
      a.gossip = rumor::net::take_loopback_port(cursor);
      a.rpc = rumor::net::take_loopback_port(cursor);
      a.times = dir / (a.name + ".times");  // the trace, if any: dir / (a.name + ".trace")
      c.agents.push_back(std::move(a));
    }
  }

  // Seeds first (a failed -join is fatal at start), then everyone else.
  for (auto& c : clusters) c.start(c.agents[0], dir, false);
  for (auto& c : clusters) {
    if (!wait_for([&] { return c.alive_seen_by(c.agents[0]) == 1; }, 30s, 100ms)) {
      std::fprintf(stderr, "bench_agents: %s seed did not start (logs in %s)\n", c.impl.c_str(),
                   dir.c_str());
      return 1;
    }
  }
  for (std::size_t i = 1; i < static_cast<std::size_t>(opt.agents); ++i)
    for (auto& c : clusters) c.start(c.agents[i], dir, true);
  std::fprintf(stderr, "started %d %s and %d serf agents; waiting for convergence\n", opt.agents,
               "rumor", opt.agents);
  for (auto& c : clusters) {
    const bool ok = wait_for(
        [&] {
          for (const auto& a : c.agents)
            if (c.alive_seen_by(a) != opt.agents) return false;
          return true;
        },
        120s, 1s);
    if (!ok) {
      std::fprintf(stderr, "bench_agents: %s cluster did not converge in 120 s (logs in %s)\n",
                   c.impl.c_str(), dir.c_str());
      return 1;
    }
  }

  // Idle: both clusters at once.
  std::fprintf(stderr, "converged; idle for %d s\n", opt.idle_s);
  std::vector<std::vector<double>> cpu0(clusters.size());
  for (std::size_t k = 0; k < clusters.size(); ++k)
    for (const auto& a : clusters[k].agents) cpu0[k].push_back(cpu_seconds(a.proc->pid()));
  std::this_thread::sleep_for(std::chrono::seconds(opt.idle_s));
  for (std::size_t k = 0; k < clusters.size(); ++k) {
    auto& c = clusters[k];
    for (std::size_t i = 0; i < c.agents.size(); ++i) {
      const double cpu = cpu_seconds(c.agents[i].proc->pid()) - cpu0[k][i];
      const Memory m = memory_mb(c.agents[i].proc->pid());
      c.cpu_mean += cpu / opt.agents;
      c.cpu_max = std::max(c.cpu_max, cpu);
      c.mem.rss += m.rss / opt.agents;
      c.mem.pss += m.pss / opt.agents;
      c.mem.anon += m.anon / opt.agents;
      c.rss_max = std::max(c.rss_max, m.rss);
    }
  }

  // Events, alternating between the clusters so that noise falls on both.
  std::fprintf(stderr, "sending %d events to each cluster\n", opt.events);
  for (int e = 1; e <= opt.events; ++e) {
    for (auto& c : clusters) {
      const std::int64_t sent = wall_ns();
      c.sent_ns.push_back(sent);
      const auto r =
          rumor::agent::run_process({kSerf + " event " + (opt.coalesce ? "" : "-coalesce=false ") +
                                         c.rpc_flag(c.agents[0]) + " bench-" + std::to_string(e),
                                     {},
                                     "",
                                     1 << 16,
                                     10s});
      const bool all = r.ok() && wait_for(
                                     [&] {
                                       for (const auto& a : c.agents)
                                         if (count_lines(a.times) < static_cast<std::size_t>(e))
                                           return false;
                                       return true;
                                     },
                                     30s, 5ms);
      if (!all) {
        std::fprintf(stderr, "bench_agents: event %d did not reach every %s agent in 30 s\n", e,
                     c.impl.c_str());
        return 1;
      }
      std::vector<double> arrivals;
      for (const auto& a : c.agents)
        arrivals.push_back(static_cast<double>(last_stamp(a.times) - sent) / 1e6);
      c.latencies_ms.push_back(*std::max_element(arrivals.begin(), arrivals.end()));
      c.half_latencies_ms.push_back(median(arrivals));
    }
  }

  const Cluster& r = clusters[0];
  const Cluster& s = clusters[1];
  const double lat_r = median(r.latencies_ms), lat_s = median(s.latencies_ms);
  const double p90_r = quantile(r.latencies_ms, 0.9), p90_s = quantile(s.latencies_ms, 0.9);
  const double r_rss = r.mem.rss / s.mem.rss, r_pss = r.mem.pss / s.mem.pss,
               r_anon = r.mem.anon / s.mem.anon, r_cpu = r.cpu_mean / s.cpu_mean,
               r_lat = lat_r / lat_s;
  if (opt.json) {
    std::printf("{\"agents\": %d, \"idle_s\": %d, \"events\": %d,\n", opt.agents, opt.idle_s,
                opt.events);
    for (const auto* c : {&r, &s})
      std::printf(
          " \"%s\": {\"rss_mb\": %.2f, \"rss_max_mb\": %.2f, \"pss_mb\": %.2f, \"anon_mb\": %.2f, "
          "\"idle_cpu_s\": %.4f, \"idle_cpu_max_s\": %.4f, \"event_half_ms\": %.1f, "
          "\"event_ms\": %.1f, \"event_p90_ms\": %.1f, \"event_max_ms\": %.1f},\n",
          c->impl.c_str(), c->mem.rss, c->rss_max, c->mem.pss, c->mem.anon, c->cpu_mean, c->cpu_max,
          median(c->half_latencies_ms), median(c->latencies_ms), quantile(c->latencies_ms, 0.9),
          quantile(c->latencies_ms, 1.0));
    std::printf(
        " \"ratio\": {\"rss\": %.3f, \"pss\": %.3f, \"anon\": %.3f, \"idle_cpu\": %.3f, "
        "\"event\": %.3f, \"event_p90\": %.3f}}\n",
        r_rss, r_pss, r_anon, r_cpu, r_lat, p90_r / p90_s);
  } else {
    std::printf(
        "%d agents each (rumor -profile=%s), idle %d s, event latency: median (and p90) of %d\n\n",
        opt.agents, opt.profile.c_str(), opt.idle_s, opt.events);
    std::printf("%-6s %8s %8s %8s %8s %11s %12s %11s %10s %10s %10s\n", "", "RSS MB", "RSS max",
                "PSS MB", "anon MB", "idle CPU-s", "idle CPU max", "event 50%", "event all",
                "all p90", "all max");
    for (const auto* c : {&r, &s})
      std::printf(
          "%-6s %8.2f %8.2f %8.2f %8.2f %11.4f %12.4f %8.1f ms %7.1f ms %7.1f ms %7.1f ms\n",
          c->impl.c_str(), c->mem.rss, c->rss_max, c->mem.pss, c->mem.anon, c->cpu_mean, c->cpu_max,
          median(c->half_latencies_ms), median(c->latencies_ms), quantile(c->latencies_ms, 0.9),
          quantile(c->latencies_ms, 1.0));
    std::printf(
        "\nrumor/serf: RSS %.3f, PSS %.3f, anonymous %.3f, idle CPU %.3f, event latency %.3f "
        "(p90 %.3f)\n",
        r_rss, r_pss, r_anon, r_cpu, r_lat, p90_r / p90_s);
    if (opt.trace) print_trace(r, opt.events);
  }
  clusters.clear();  // kills every agent
  if (opt.keep)
    std::fprintf(stderr, "files kept in %s\n", dir.c_str());
  else
    fs::remove_all(dir);
  return 0;
}
