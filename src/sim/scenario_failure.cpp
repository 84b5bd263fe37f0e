// Scenario "failure": k nodes crash; how long until the first and until the last healthy
// node declares each of them dead, and whether anyone wrongly declared a healthy node
// dead meanwhile. Optionally the crashed nodes then restart (fresh or keeping their
// incarnation) and we time their way back into everyone's view.
#include <algorithm>

#include "core/rng.hpp"
#include "sim/cluster.hpp"
#include "sim/deaths.hpp"
#include "sim/scenarios.hpp"

namespace rumor::sim {

// k distinct nodes other than node 0 (the seed), chosen with the engine's generator.
std::vector<NodeId> pick_nodes(Engine& e, std::size_t k) {
  std::vector<NodeId> all;
  for (NodeId i = 1; i < e.size(); ++i) all.push_back(i);
  core::shuffle(all, e.rng());
  all.resize(std::min(k, all.size()));
  std::sort(all.begin(), all.end());
  return all;
}

std::size_t count_false_positives(const MembershipViews& v, const std::vector<bool>& excluded,
                                  core::Time since, std::size_t* events) {
  std::vector<bool> hit(excluded.size(), false);
  std::size_t n = 0, ev = 0;
  for (const DeathRecord& d : v.deaths()) {
    if (d.at < since || d.subject >= excluded.size() || excluded[d.subject]) continue;
    ++ev;
    if (!hit[d.subject]) {
      hit[d.subject] = true;
      ++n;
    }
  }
  if (events != nullptr) *events = ev;
  return n;
}

namespace {

// First declaration by each healthy observer of each crashed subject, from `tc` to now.
TimeSeries declarations_over_time(const Engine& e, const std::vector<bool>& healthy,
                                  const std::vector<bool>& crashed, core::Time tc) {
  std::vector<double> times;
  std::size_t healthy_count = 0, crashed_count = 0;
  for (std::size_t i = 0; i < healthy.size(); ++i) {
    healthy_count += healthy[i] ? 1 : 0;
    crashed_count += crashed[i] ? 1 : 0;
  }
  std::vector<std::vector<bool>> declared(e.size());  // per subject, per observer; lazily
  for (const DeathRecord& d : e.views().deaths()) {
    if (d.at < tc || !healthy[d.observer] || !crashed[d.subject]) continue;
    auto& row = declared[d.subject];
    if (row.empty()) row.assign(e.size(), false);
    if (row[d.observer]) continue;
    row[d.observer] = true;
    times.push_back(seconds(d.at - tc));
  }
  const double pairs = static_cast<double>(std::max<std::size_t>(1, healthy_count * crashed_count));
  return cumulative_series("healthy nodes that declared a crashed node dead (fraction)",
                           std::move(times), seconds(e.now() - tc), 1.0 / pairs);
}

}  // namespace

FailureResult run_failure(const ScenarioParams& p) {
  Stopwatch sw;
  Engine e(make_engine_options(p));
  const core::Config cfg = make_config(p);
  FailureResult r;
  r.cluster_converged = form_cluster(e, p, cfg);
  r.suspicion_min_s = seconds(cfg.suspicion_min(p.nodes));
  r.suspicion_max_s = seconds(cfg.suspicion_max(p.nodes));
  r.probe_interval_s = seconds(cfg.probe_interval);

  const std::vector<NodeId> victims = pick_nodes(e, p.crash);
  r.crashed = victims.size();
  std::vector<bool> healthy(e.size(), true), crashed(e.size(), false);
  for (NodeId v : victims) healthy[v] = false, crashed[v] = true;

  TrafficMeter meter(e);
  const core::Time tc = e.now();
  for (NodeId v : victims) e.crash(v);
  DeathTally tally(e.views(), healthy, victims, tc);
  const double limit = p.duration_s > 0 ? p.duration_s : default_duration_s("failure");
  r.detected_all = e.run_until(tc + at_seconds(limit), [&] { return tally.update(); });
  tally.update();
  r.declared_dead = declarations_over_time(e, healthy, crashed, tc);

  for (const auto& s : tally.subjects()) {
    if (s.first) {
      const double f = seconds(*s.first - tc);
      r.first_dead_s = std::max(r.first_dead_s.value_or(0.0), f);
      r.first_dead_min_s = std::min(r.first_dead_min_s.value_or(f), f);
    }
  }
  if (r.detected_all) {
    double worst = 0;
    for (const auto& s : tally.subjects()) worst = std::max(worst, seconds(*s.last - tc));
    r.all_dead_s = worst;
  }

  if (p.restart && r.detected_all) {
    const core::Time tr = e.now();
    for (NodeId v : victims) e.restart(v, *p.restart, {0});
    const MembershipViews& views = e.views();
    if (e.run_until(tr + at_seconds(limit), [&] { return views.converged(); }))
      r.rejoin_s = seconds(e.now() - tr);
  }
  r.false_positives = count_false_positives(e.views(), crashed, tc, nullptr);
  r.traffic = meter.finish();
  r.run = run_info(e, sw);
  return r;
}

}  // namespace rumor::sim
