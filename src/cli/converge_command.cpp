#include "cli/converge_command.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <optional>
#include <string>

#include "agent/duration.hpp"
#include "cli/chart_output.hpp"
#include "files/atomic_file.hpp"
#include "sim/converge.hpp"
#include "sim/converge_chart.hpp"
#include "sim/converge_report.hpp"
#include "sim/engine.hpp"

namespace rumor::cli {
namespace {

constexpr std::size_t kMaxSeeds = 10000;

struct Options {
  sim::ConvergeParams p;
  std::string profile = "lan";
  std::string interval;       // empty: the profile's
  std::optional<int> fanout;  // absent: the profile's
  bool json = false;
  std::string plot;
};

// Checks CLI11 cannot do by type alone; returns an error naming the flag, or empty.
std::string finish(Options& o) {
  sim::ScenarioParams& b = o.p.base;
  const auto profile = core::parse_profile(o.profile);
  if (!profile) return "--profile: expected lan, wan or local, got '" + o.profile + "'";
  b.profile = *profile;
  if (!o.interval.empty()) {
    // Go's syntax takes a bare number as seconds; "200" is far more likely meant as ms.
    if (o.interval.find_first_not_of("0123456789.") == std::string::npos)
      return "--interval: give a unit, such as 200ms or 0.2s, got '" + o.interval + "'";
    const auto d = agent::parse_duration(o.interval);
    if (!d || d->count() <= 0)
      return "--interval: expected a positive duration such as 200ms or 1s, got '" + o.interval +
             "'";
    b.gossip_interval_s = static_cast<double>(d->count()) / 1000.0;
  }
  if (o.fanout && *o.fanout < 1) return "--fanout: must be at least 1";
  if (o.fanout) b.gossip_nodes = *o.fanout;
  if (b.nodes < 2) return "--nodes: must be at least 2";
  if (b.nodes > sim::kMaxNodes) return "--nodes: at most " + std::to_string(sim::kMaxNodes);
  if (!(b.loss >= 0 && b.loss < 1)) return "--loss: must be in [0, 1)";
  if (!(o.p.failed >= 0 && o.p.failed < 1)) return "--failed: must be in [0, 1)";
  if (o.p.seeds < 1 || o.p.seeds > kMaxSeeds)
    return "--seeds: must be in [1, " + std::to_string(kMaxSeeds) + "]";
  // Checked before the runs, which can take minutes, rather than after.
  if (!o.plot.empty())
    if (const std::string err = files::output_path_error(o.plot); !err.empty())
      return "--plot: " + err;
  return {};
}

}  // namespace

int run_converge(int argc, char** argv) {
  Options o;
  sim::ScenarioParams& b = o.p.base;
  b.nodes = 100;
  CLI::App app{
      "Serf's closed-form convergence model beside the curve the real protocol draws in the "
      "simulator: one user broadcast in a converged cluster, the fraction of live nodes that "
      "have it over time, across seeds. See docs/simulator.md.",
      "rumor sim converge"};
  app.add_option("--nodes,-n", b.nodes, "cluster size")->capture_default_str();
  app.add_option("--interval", o.interval,
                 "gossip interval, one round (default: the profile's, lan 200ms)");
  app.add_option("--fanout", o.fanout, "nodes gossiped to per round (default: the profile's, 3)");
  app.add_option("--loss", b.loss, "packet loss probability, [0, 1)")->capture_default_str();
  app.add_option("--failed", o.p.failed, "fraction of nodes crashed before the broadcast, [0, 1)")
      ->capture_default_str();
  app.add_option("--seeds", o.p.seeds, "independent runs (mean and 5th-95th percentile)")
      ->capture_default_str();
  app.add_option("--seed,-s", b.seed, "first seed; run i uses seed + i")->capture_default_str();
  app.add_option("--threads", o.p.threads, "threads running seeds (0: one per core)")
      ->capture_default_str();
  app.add_option("--profile", o.profile, "lan | wan | local")->capture_default_str();
  app.add_option("--duration", b.duration_s, "simulated seconds to wait for the broadcast (0: 60)")
      ->check(CLI::NonNegativeNumber);
  app.add_flag("--json", o.json, "print one JSON object");
  app.add_option("--plot", o.plot, "write an SVG chart to this file");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  if (const std::string err = finish(o); !err.empty()) {
    std::cerr << "rumor sim converge: " << err << "\n";
    return 2;
  }
  const sim::ConvergeResult r = sim::run_converge(o.p);
  if (o.json)
    std::cout << sim::to_json(r).dump(2) << "\n";
  else
    std::cout << sim::to_text(r);
  return o.plot.empty() ? 0 : write_chart(o.plot, sim::to_chart(r), "rumor sim converge");
}

}  // namespace rumor::cli
