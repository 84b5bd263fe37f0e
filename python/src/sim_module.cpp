// rumor.sim: the simulator's scenarios and the epidemic lab, taking the CLI's flags as
// keywords (underscores for dashes) and returning what their --json prints, as a dict.
// The parameters are checked by runs/ exactly as the CLI checks them; the run itself
// goes on without the GIL, so other Python threads keep going.
#include "sim_module.hpp"

#include <string>

#include "json_to_python.hpp"
#include "keywords.hpp"
#include "runs/lab_words.hpp"
#include "runs/scenario_words.hpp"

namespace py = pybind11;

namespace rumor::python {
namespace {

py::object run_scenario(const std::string& scenario, const py::kwargs& kwargs) {
  sim::ScenarioParams p;
  runs::ScenarioWords w;
  Keywords kw(kwargs, "rumor.sim." + scenario);
  kw.count("nodes", w.nodes);
  kw.text("layer", w.layer);
  kw.seed("seed", p.seed);
  kw.real("duration", p.duration_s);
  kw.text("profile", w.profile);
  kw.real("loss", p.loss);
  kw.real("latency_ms", w.latency_ms);
  kw.real("jitter_ms", w.jitter_ms);
  kw.text("jitter", w.jitter);
  kw.count("mtu", p.mtu);
  kw.on_off("lifeguard", w.lifeguard);
  kw.on_off("eager_gossip", w.eager_gossip);
  kw.real("membership_share", w.membership_share);
  kw.flag("memberlist_anti_entropy", p.memberlist_anti_entropy);
  kw.integer("pulled_alive_transmits", p.pulled_alive_transmits);
  kw.flag("encrypt", p.encrypt);
  kw.count("meta_bytes", p.meta_bytes);
  kw.real("join_window", p.join_window_s);
  kw.flag("preconverged", p.preconverged);
  kw.real("steady", p.steady_s);
  kw.real("formation_limit", p.formation_limit_s);
  kw.count("crash", p.crash);
  kw.text("restart", w.restart);
  kw.real("restart_fraction", p.restart_fraction);
  kw.real("restart_window", p.restart_window_s);
  kw.real("down_time", p.down_s);
  kw.count("stall", p.stall);
  kw.real("stall_time", p.stall_time_s);
  kw.real("stall_every", p.stall_every_s);
  kw.text("stall_order", w.stall_order);
  kw.real("partition_time", p.partition_time_s);
  kw.count("groups", p.groups);
  kw.real("churn", p.churn_per_s);
  kw.real("churn_time", p.churn_time_s);
  kw.real("events_per_s", p.events_per_s);
  kw.count("payload_bytes", p.payload_bytes);
  kw.finish();
  if (const std::string err = runs::apply(scenario, w, p); !err.empty()) throw py::value_error(err);
  nlohmann::ordered_json report;
  {
    py::gil_scoped_release unlocked;
    report = runs::run_scenario_json(scenario, p);
  }
  return to_python(report);
}

py::object run_epidemic(const py::kwargs& kwargs) {
  lab::Params p;
  runs::LabWords w;
  int trials = 1;
  unsigned threads = 0;
  Keywords kw(kwargs, "rumor.sim.epidemic");
  kw.text("algorithm", w.algorithm);
  kw.text("mode", w.mode);
  kw.text("stop", w.stop);
  kw.flag("coin", w.coin);
  kw.integer("k", p.k);
  kw.integer("fanout", p.fanout);
  kw.real("loss", p.loss);
  kw.real("failed", p.failed);
  kw.integer("connection_limit", p.connection_limit);
  kw.count("nodes", p.nodes);
  kw.integer("trials", trials);
  kw.seed("seed", p.seed);
  kw.count("threads", threads);
  kw.integer("max_rounds", p.max_rounds);
  kw.text("unnecessary", w.unnecessary);
  kw.text("counter_reset", w.counter_reset);
  kw.text("tally", w.tally);
  kw.text("aggregate", w.aggregate);
  kw.text("values", w.values);
  kw.integer("rounds", p.rounds);
  kw.finish();
  if (const std::string err = runs::apply(w, trials, p); !err.empty()) throw py::value_error(err);
  nlohmann::json result;
  {
    py::gil_scoped_release unlocked;
    result = runs::run_epidemic_json(p, trials, threads);
  }
  return to_python(result);
}

}  // namespace

void add_sim_module(py::module_& rumor) {
  py::module_ sim = rumor.def_submodule(
      "sim",
      "The deterministic cluster simulator and the epidemic lab. Each function takes the "
      "flags of `rumor sim <scenario>` as keywords (underscores for dashes: "
      "payload_bytes=64) and returns the dict `rumor sim <scenario> --json` prints. "
      "Bad values raise ValueError with the CLI's message.");
  for (const std::string_view s : runs::kScenarios) {
    const std::string name(s);
    std::string py_name = name;  // mass-restart -> mass_restart
    for (char& c : py_name)
      if (c == '-') c = '_';
    sim.def(
        py_name.c_str(), [name](const py::kwargs& kw) { return run_scenario(name, kw); },
        ("Runs the " + name + " scenario (docs/simulator.md): rumor sim " + name +
         " --json, as a dict.")
            .c_str());
  }
  sim.def("epidemic", &run_epidemic,
          "The epidemic lab (docs/epidemic.md): rumor sim epidemic --json, as a dict. "
          "coin=True for --coin.");
  py::list names;
  for (const std::string_view s : runs::kScenarios) names.append(py::str(std::string(s)));
  sim.attr("scenarios") = names;
}

}  // namespace rumor::python
