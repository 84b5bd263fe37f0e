#include "cli/sim_command.hpp"

#include <iostream>
#include <map>
#include <memory>
#include <string>

#include "cli/chart_output.hpp"
#include "cli/host_memory.hpp"
#include "cli/sim_progress.hpp"
#include "files/atomic_file.hpp"
#include "plot/svg_chart.hpp"
#include "runs/scenario_words.hpp"
#include "sim/memory_estimate.hpp"
#include "sim/report.hpp"
#include "sim/scenario_charts.hpp"
#include "sim/scenarios.hpp"

namespace rumor::cli {
namespace {

int g_exit = 0;

struct SimOptions {
  sim::ScenarioParams p;
  std::string scenario;
  std::string profile = "lan";
  std::string lifeguard = "on";
  std::string eager_gossip;  // empty: the profile's
  std::string jitter;
  std::string restart;
  std::string stall_order = "queue-first";
  std::string layer;  // empty: core, or serf for the scenarios that need it
  double events_per_s = -1;
  bool nodes_given = false;
  double latency_ms = -1, jitter_ms = -1, membership_share = -1;
  bool json = false;
  std::string plot;
};

std::string gib(std::uint64_t bytes) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f GiB", static_cast<double>(bytes) / (1ull << 30));
  return b;
}

// A size that cannot fit is refused before it starts, not killed by the kernel halfway.
std::string memory_error(const SimOptions& o) {
  const sim::MemoryEstimate m =
      sim::estimate_memory(o.p, !o.p.preconverged, o.scenario == "mass-restart");
  const MemoryLimit limit = host_memory_limit();
  if (limit.bytes == 0 || m.total() <= limit.bytes) return {};
  return "--nodes " + std::to_string(o.p.nodes) + ": this run needs about " + gib(m.total()) +
         " (" + std::to_string(m.per_pair_bytes) + " bytes for each of " +
         std::to_string(m.nodes * m.nodes) + " node-member pairs" +
         (o.p.preconverged ? "" : " during the join; --preconverged needs about half") +
         "), more than the " + gib(limit.bytes) + " this process may use (" + limit.source + ")";
}

// Values CLI11 cannot check by type alone; the common ones in runs/scenario_words.hpp,
// shared with the Python module. Returns an error naming the flag.
std::string finish(SimOptions& o) {
  if (o.events_per_s >= 0) o.p.events_per_s = o.events_per_s;
  runs::ScenarioWords w;
  w.profile = o.profile;
  w.lifeguard = o.lifeguard;
  w.jitter = o.jitter;
  w.restart = o.restart;
  w.stall_order = o.stall_order;
  w.eager_gossip = o.eager_gossip;
  w.layer = o.layer;
  if (o.nodes_given) w.nodes = o.p.nodes;
  if (o.latency_ms >= 0) w.latency_ms = o.latency_ms;
  if (o.jitter_ms >= 0) w.jitter_ms = o.jitter_ms;
  if (o.membership_share >= 0) w.membership_share = o.membership_share;
  if (std::string err = runs::apply(o.scenario, w, o.p); !err.empty()) return err;
  if (!o.plot.empty())
    if (const std::string err = files::output_path_error(o.plot); !err.empty())
      return "--plot: " + err;
  return memory_error(o);
}

// A run's report, and its chart for --plot.
struct Outcome {
  sim::Report report;
  plot::Chart chart;
};

template <class Result>
Outcome outcome(const sim::ScenarioParams& p, const Result& r) {
  return {sim::make_report(p, r), sim::to_chart(p, r)};
}

Outcome run(const SimOptions& o) {
  const auto& s = o.scenario;
  const auto& p = o.p;
  if (s == "join") return outcome(p, sim::run_join(p));
  if (s == "broadcast") return outcome(p, sim::run_broadcast(p));
  if (s == "failure") return outcome(p, sim::run_failure(p));
  if (s == "stall") return outcome(p, sim::run_stall(p));
  if (s == "partition") return outcome(p, sim::run_partition(p));
  if (s == "mass-restart") return outcome(p, sim::run_mass_restart(p));
  if (s == "leave") return outcome(p, sim::run_leave(p));
  if (s == "intent-churn") return outcome(p, sim::run_intent_churn(p));
  return outcome(p, sim::run_steady(p));
}

}  // namespace

int exit_code() {
  return g_exit;
}

void add_sim_command(CLI::App& app) {
  auto o = std::make_shared<SimOptions>();
  CLI::App* sub = app.add_subcommand("sim", "Run a deterministic cluster simulation");
  sub->footer(
      "Also: rumor sim epidemic --help (the epidemic-algorithm lab, docs/epidemic.md)\n"
      "      rumor sim converge --help (Serf's convergence model beside the real protocol)\n"
      "      rumor sim serve --help (the web gossip simulator, in a browser, docs/websim.md)");
  sub->add_option(
         "scenario", o->scenario,
         "join | broadcast | failure | stall | partition | steady | mass-restart | leave | "
         "intent-churn")
      ->required()
      ->check(CLI::IsMember({"join", "broadcast", "failure", "stall", "partition", "steady",
                             "mass-restart", "leave", "intent-churn"}));
  auto& p = o->p;
  sub->add_option("--nodes,-n", p.nodes,
                  "Cluster size (leave: default 500, intent-churn: default 300)")
      ->capture_default_str()
      ->each([o](const std::string&) { o->nodes_given = true; });
  sub->add_option("--layer", o->layer,
                  "core (bare memberlist nodes, the default) | serf (Serf on each node: user "
                  "events, intents, queues; leave and intent-churn always)");
  sub->add_option("--seed,-s", p.seed, "Run seed (same seed, same run)")->capture_default_str();
  sub->add_option("--duration", p.duration_s,
                  "Simulated seconds of the measured phase (0: scenario default)")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--profile", o->profile, "lan | wan | local | lan-fast")->capture_default_str();
  sub->add_option("--loss", p.loss, "Packet loss probability")->check(CLI::Range(0.0, 1.0));
  sub->add_option("--latency-ms", o->latency_ms, "Base one-way latency (default: profile)")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--jitter-ms", o->jitter_ms, "Mean jitter (default: profile)")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--jitter", o->jitter, "Jitter distribution: none | uniform | exponential");
  sub->add_option("--mtu", p.mtu, "UDP payload limit in bytes")
      ->capture_default_str()
      ->check(CLI::Range(64, 65507));
  sub->add_option("--lifeguard", o->lifeguard, "on | off")->capture_default_str();
  sub->add_option("--eager-gossip", o->eager_gossip,
                  "on | off: news gossiped at once, as rumor agents do (default: the profile's)");
  sub->add_option("--membership-share", o->membership_share,
                  "Share of a packet membership news may take when user broadcasts wait "
                  "(1.0 = memberlist)")
      ->check(CLI::Range(0.0, 1.0));
  sub->add_flag("--memberlist-anti-entropy", p.memberlist_anti_entropy,
                "Gossip every alive a push/pull brings back and stretch the push/pull period "
                "with cluster size always, as memberlist does");
  sub->add_option(
         "--pulled-alive-transmits", p.pulled_alive_transmits,
         "Times a node gossips each alive of a push/pull too large to spread in full (default 0)")
      ->check(CLI::Range(0, 63));
  sub->add_flag("--encrypt", p.encrypt,
                "Encrypt every packet and stream (AES-GCM, one key from the seed), as "
                "Serf's -encrypt does");
  sub->add_flag("--preconverged", p.preconverged,
                "Start with every node knowing every other alive (as restored from a "
                "snapshot) instead of joining through one seed");
  sub->add_option("--formation-limit", p.formation_limit_s,
                  "Seconds the join may take before the scenario gives up waiting")
      ->capture_default_str();
  sub->add_option("--join-window", p.join_window_s, "Seconds over which nodes join")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--meta-bytes", p.meta_bytes,
                  "Bytes of metadata (Serf's tags) each node advertises")
      ->check(CLI::Range(0, 512));
  sub->add_option("--steady", p.steady_s,
                  "join: then this many seconds of steady state, measured apart")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--crash", p.crash, "failure: nodes to crash")->capture_default_str();
  sub->add_option("--restart", o->restart, "failure: then restart them, fresh | keep");
  sub->add_option("--restart-fraction", p.restart_fraction,
                  "mass-restart: share of the nodes that restart")
      ->capture_default_str();
  sub->add_option("--restart-window", p.restart_window_s,
                  "mass-restart: seconds over which they go down")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--down-time", p.down_s, "mass-restart: seconds each stays down")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--stall", p.stall, "stall: nodes that stall")->capture_default_str();
  sub->add_option("--stall-time", p.stall_time_s, "stall: seconds per stall")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  sub->add_option("--stall-every", p.stall_every_s, "stall: seconds between a node's stalls")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  sub->add_option("--stall-order", o->stall_order,
                  "stall: at the end, queue-first (inputs, then timers) or timers-first "
                  "(the Lifeguard paper's slow node)")
      ->capture_default_str();
  sub->add_option("--partition-time", p.partition_time_s, "partition: seconds apart")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--groups", p.groups, "partition: number of sides")->capture_default_str();
  sub->add_option("--churn", p.churn_per_s,
                  "broadcast, leave: background membership updates per second; intent-churn: "
                  "departures (and as many arrivals) per second, default 2")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--churn-time", p.churn_time_s, "intent-churn: seconds of churn")
      ->capture_default_str();
  sub->add_option("--events-per-s", o->events_per_s,
                  "leave, intent-churn: background user events per second (default 10, 2)")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--payload-bytes", p.payload_bytes, "broadcast: user message size")
      ->capture_default_str()
      ->check(CLI::Range(12, 1200));
  sub->add_flag("--json", o->json, "Print one JSON object");
  sub->add_option("--plot", o->plot, "Write an SVG chart of the run over time to this file");

  sub->callback([o] {
    if (const std::string err = finish(*o); !err.empty()) {
      std::cerr << "rumor sim: " << err << "\n";
      g_exit = 2;
      return;
    }
    if (!o->json) o->p.progress = terminal_progress();
    const Outcome out = run(*o);
    end_progress();
    if (o->json)
      std::cout << sim::to_json(out.report).dump(2) << "\n";
    else
      std::cout << sim::to_text(out.report);
    if (!o->plot.empty()) g_exit = write_chart(o->plot, out.chart, "rumor sim");
  });
}

}  // namespace rumor::cli
