// Scenario "join": the cold start through one seed that every deployment goes through.
#include "sim/cluster.hpp"
#include "sim/scenarios.hpp"

namespace rumor::sim {

JoinResult run_join(const ScenarioParams& p) {
  Stopwatch sw;
  Engine e(make_engine_options(p));
  const double limit = p.duration_s > 0 ? p.duration_s : default_duration_s("join");
  TrafficMeter meter(e);
  const auto t =
      bootstrap(e, make_config(p), p.nodes, at_seconds(p.join_window_s), at_seconds(limit));
  JoinResult r;
  r.converged = t.has_value();
  if (t) r.all_alive_s = seconds(*t);
  r.traffic = meter.finish();
  r.run = run_info(e, sw);
  return r;
}

double default_duration_s(const char* scenario) {
  const std::string s = scenario;
  if (s == "join") return 120;
  if (s == "broadcast") return 60;
  if (s == "failure") return 180;
  if (s == "stall") return 300;
  if (s == "partition") return 240;  // after the heal
  if (s == "steady") return 300;
  return 60;
}

}  // namespace rumor::sim
