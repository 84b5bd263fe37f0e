// Scenario "join": the cold start through one seed that every deployment goes through.
#include "sim/cluster.hpp"
#include "sim/scenarios.hpp"

namespace rumor::sim {

JoinResult run_join(const ScenarioParams& p) {
  Stopwatch sw;
  Engine e(make_engine_options(p));
  const double limit = p.duration_s > 0 ? p.duration_s : default_duration_s("join");
  TrafficMeter meter(e);
  const MembershipViews& v = e.views();
  const double n = static_cast<double>(p.nodes);
  Sampler known("members known alive, mean per node (fraction of the cluster)", e.now(),
                std::chrono::milliseconds(100),
                [&v, n] { return static_cast<double>(v.live_seen_total()) / (n * n); });
  Sampler complete("nodes with a complete view (fraction)", e.now(), std::chrono::milliseconds(100),
                   [&v, n] { return static_cast<double>(v.complete_observers()) / n; });
  add_nodes(e, p.layer, make_config(p), p.nodes);
  const auto t =
      join_through_first(e, p.nodes, at_seconds(p.join_window_s), at_seconds(limit), [&] {
        known.poll(e.now());
        complete.poll(e.now());
      });
  known.finish(e.now());
  complete.finish(e.now());
  JoinResult r;
  r.members_known = known.take();
  r.complete_views = complete.take();
  r.converged = t.has_value();
  if (t) r.all_alive_s = seconds(*t);
  r.traffic = meter.finish();
  if (r.converged && p.steady_s > 0) {
    TrafficMeter steady(e);
    const core::Time t0 = e.now();
    e.run_until(t0 + at_seconds(p.steady_s));
    r.steady = steady.finish();
    r.steady_false_positives =
        count_false_positives(e.views(), std::vector<bool>(e.size(), false), t0, nullptr);
  }
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
  if (s == "mass-restart") return 300;  // after the last node is back
  if (s == "leave") return 60;
  if (s == "intent-churn") return 120;  // after the churn
  return 60;
}

}  // namespace rumor::sim
