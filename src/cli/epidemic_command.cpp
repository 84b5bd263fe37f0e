#include "cli/epidemic_command.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <string>

#include "cli/chart_output.hpp"
#include "lab/chart.hpp"
#include "lab/json.hpp"
#include "lab/params.hpp"
#include "lab/summary.hpp"
#include "lab/text.hpp"
#include "lab/trials.hpp"
#include "runs/lab_words.hpp"

namespace rumor::cli {
namespace {

struct Options {
  lab::Params p;
  std::string algorithm = "rumor", mode = "push", stop = "feedback";
  std::string unnecessary = "round-start", counter_reset = "necessary", tally = "cycle";
  std::string aggregate = "average", values = "uniform";
  bool coin = false;
  int trials = 1;
  unsigned threads = 0;
  bool json = false;
  std::string plot;
};

// The choices and ranges, checked as the Python module checks them (runs/lab_words.hpp).
std::string finish(Options& o) {
  const runs::LabWords w{o.algorithm, o.mode,      o.stop,   o.unnecessary, o.counter_reset,
                         o.tally,     o.aggregate, o.values, o.coin};
  return runs::apply(w, o.trials, o.p);
}

int run(const Options& o) {
  const lab::Experiment e = lab::run_experiment(o.p, o.trials, o.threads);
  const lab::Summary s = lab::summarize(e);
  if (o.json)
    std::cout << lab::to_json(e, s).dump(2) << "\n";
  else
    std::cout << lab::to_text(e, s);
  return o.plot.empty() ? 0 : write_chart(o.plot, lab::to_chart(e, s), "rumor sim epidemic");
}

}  // namespace

int run_epidemic(int argc, char** argv) {
  Options o;
  lab::Params& p = o.p;
  CLI::App app{
      "The classic epidemic algorithms in synchronous cycles, each measured beside its "
      "closed form: anti-entropy and rumor mongering (Demers et al. 1987), push/pull rounds "
      "(Karp et al. 2000), push-sum aggregation (Kempe et al. 2003). See docs/epidemic.md.",
      "rumor sim epidemic"};
  app.add_option("--algorithm,-a", o.algorithm, "anti-entropy | rumor | push-sum")
      ->capture_default_str();
  app.add_option("--mode", o.mode, "push | pull | push-pull")->capture_default_str();
  app.add_option("--stop", o.stop,
                 "rumor: lose interest on unnecessary contacts (feedback) or on any (blind)")
      ->capture_default_str();
  bool use_counter = false;  // the default; the flag exists to say so explicitly
  auto* counter =
      app.add_flag("--counter", use_counter, "rumor: after k such contacts (the default)");
  app.add_flag("--coin", o.coin, "rumor: with probability 1/k at each such contact")
      ->excludes(counter);
  app.add_option("-k", p.k, "rumor: the counter's limit, or 1/the coin's probability")
      ->capture_default_str();
  app.add_option("--fanout", p.fanout, "connections a node opens per cycle")->capture_default_str();
  app.add_option("--loss", p.loss, "probability that a message is lost")->capture_default_str();
  app.add_option("--failed", p.failed, "fraction of nodes crashed from the start")
      ->capture_default_str();
  app.add_option("--connection-limit", p.connection_limit,
                 "incoming connections a node accepts per cycle (0: no limit)")
      ->capture_default_str();
  app.add_option("--nodes,-n", p.nodes, "number of nodes")->capture_default_str();
  app.add_option("--trials,-t", o.trials, "independent runs (mean and spread)")
      ->capture_default_str();
  app.add_option("--seed,-s", p.seed, "seed (same seed, same results)")->capture_default_str();
  app.add_option("--threads", o.threads, "threads running trials (0: one per core)")
      ->capture_default_str();
  app.add_option("--max-rounds", p.max_rounds, "anti-entropy, rumor: stop after this many cycles")
      ->capture_default_str();
  app.add_option("--unnecessary", o.unnecessary,
                 "rumor: a contact is unnecessary if the recipient knew on arrival "
                 "(arrival) or at the cycle's start (round-start)")
      ->capture_default_str();
  app.add_option("--counter-reset", o.counter_reset,
                 "rumor, feedback counter: a necessary contact resets it (necessary) or not "
                 "(never)")
      ->capture_default_str();
  app.add_option("--tally", o.tally,
                 "rumor: several contacts of one site in a cycle count each (contact) or "
                 "once (cycle)")
      ->capture_default_str();
  app.add_option("--aggregate", o.aggregate, "push-sum: average | sum | count")
      ->capture_default_str();
  app.add_option("--values", o.values, "push-sum: uniform in [0,100) | spike (all at one node)")
      ->capture_default_str();
  app.add_option("--rounds", p.rounds, "push-sum: rounds (0: 2 ceil(log2 n) + 20)")
      ->capture_default_str();
  app.add_flag("--json", o.json, "print one JSON object");
  app.add_option("--plot", o.plot, "write an SVG chart to this file");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  if (const std::string err = finish(o); !err.empty()) {
    std::cerr << "rumor sim epidemic: " << err << "\n";
    return 2;
  }
  return run(o);
}

}  // namespace rumor::cli
