#include "sim/converge.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>

#include "sim/cluster.hpp"
#include "sim/scenarios.hpp"

namespace rumor::sim {
namespace {

constexpr std::size_t kMaxGridPoints = 400;

// Nodes crashed for a failed fraction: rounded, and never so many that fewer than two
// stay up (the origin and someone to tell).
std::size_t crash_count(std::size_t nodes, double failed) {
  const auto k = static_cast<std::size_t>(std::llround(failed * static_cast<double>(nodes)));
  return nodes < 2 ? 0 : std::min(k, nodes - 2);
}

// Linear interpolation between closest ranks; `v` sorted, not empty.
double percentile(const std::vector<double>& v, double p) {
  const double pos = p * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

Spread spread_of(std::vector<double> v) {
  Spread s;
  s.count = v.size();
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  double sum = 0;
  for (double x : v) sum += x;
  s.mean = sum / static_cast<double>(v.size());
  s.p5 = percentile(v, 0.05);
  s.p95 = percentile(v, 0.95);
  return s;
}

ConvergeModel model_for(const ConvergeParams& p, const core::Config& cfg) {
  ConvergeModel m;
  m.nodes = p.base.nodes;
  m.interval_s = seconds(cfg.gossip_interval);
  m.fanout = cfg.gossip_nodes;
  m.loss = p.base.loss;
  m.failed = p.failed;
  return m;
}

// The rounds grid: far enough for the slowest seed and for the model's 99.99 %.
std::vector<double> grid_for(const ConvergeResult& r) {
  double last_s = r.model.seconds_to(kConvergeTargets.back());
  for (const ConvergeRun& run : r.runs)
    if (!run.receipts_s.empty()) last_s = std::max(last_s, run.receipts_s.back());
  const double span = std::max(1.0, 1.05 * last_s / r.model.interval_s);
  const double step = std::max(0.1, span / static_cast<double>(kMaxGridPoints));
  std::vector<double> g;
  for (double x = 0; x <= span + 1e-9; x += step) g.push_back(x);
  return g;
}

}  // namespace

double fraction_reached(const std::vector<double>& receipts_s, std::size_t live, double t) {
  if (live == 0) return 0;
  const auto n = std::upper_bound(receipts_s.begin(), receipts_s.end(), t) - receipts_s.begin();
  return static_cast<double>(n) / static_cast<double>(live);
}

ConvergeRun run_converge_seed(const ConvergeParams& p, std::uint64_t seed) {
  Stopwatch sw;
  ScenarioParams sp = p.base;
  sp.seed = seed;
  Engine e(make_engine_options(sp));
  const core::Config cfg = make_config(sp);
  ConvergeRun r;
  r.seed = seed;
  r.cluster_converged = form_cluster(e, sp, cfg);

  // Crashed just before the broadcast, so the others still gossip to them as to anyone:
  // the wasted contacts Serf's model discounts with (1 - failed).
  for (NodeId v : pick_nodes(e, crash_count(sp.nodes, p.failed))) e.crash(v);
  std::vector<NodeId> up;
  for (NodeId i = 0; i < e.size(); ++i)
    if (e.state(i) == NodeState::up) up.push_back(i);
  const NodeId origin = up[e.rng().below(up.size())];

  TrafficMeter meter(e);
  const core::Time t0 = e.now();
  const std::uint64_t id = e.broadcast(origin, sp.payload_bytes);
  const MembershipViews& v = e.views();
  const BroadcastLog& log = e.broadcasts();
  const double limit = sp.duration_s > 0 ? sp.duration_s : default_duration_s("broadcast");
  e.run_until(t0 + at_seconds(limit), [&] { return log.find(id)->reached >= v.live_count(); });

  const BroadcastLog::Entry& entry = *log.find(id);
  for (NodeId i = 0; i < entry.first_seen.size(); ++i)
    if (v.live(i) && entry.first_seen[i] != core::kNever)
      r.receipts_s.push_back(seconds(entry.first_seen[i] - t0));
  std::sort(r.receipts_s.begin(), r.receipts_s.end());
  r.live_nodes = v.live_count();
  r.reached = r.receipts_s.size();
  for (std::size_t k = 0; k < kConvergeTargets.size(); ++k)
    r.time_to_s[k] = time_to_fraction(r.receipts_s, r.live_nodes, kConvergeTargets[k]);
  const Traffic t = meter.finish();
  if (r.live_nodes > 0)
    r.bytes_per_node_per_s =
        t.bytes_per_node_per_s * static_cast<double>(t.nodes) / static_cast<double>(r.live_nodes);
  r.trace_hash = to_hex(e.trace_hash());
  r.wall_s = sw.seconds();
  return r;
}

ConvergeResult run_converge(const ConvergeParams& p) {
  Stopwatch sw;
  ConvergeResult r;
  r.params = p;
  r.model = model_for(p, make_config(p.base));
  r.crashed = crash_count(p.base.nodes, p.failed);
  r.runs.resize(p.seeds);

  // Seeds are independent engines; workers take the next seed index until none is left.
  unsigned threads = p.threads != 0 ? p.threads : std::thread::hardware_concurrency();
  threads =
      static_cast<unsigned>(std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(1, p.seeds)));
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < p.seeds; i = next++)
      r.runs[i] = run_converge_seed(p, p.base.seed + i);
  };
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();

  r.rounds = grid_for(r);
  std::vector<double> at(r.runs.size());
  for (double x : r.rounds) {
    for (std::size_t i = 0; i < r.runs.size(); ++i)
      at[i] = fraction_reached(r.runs[i].receipts_s, r.runs[i].live_nodes, x * r.model.interval_s);
    const Spread s = spread_of(at);
    r.mean.push_back(s.mean);
    r.p5.push_back(s.p5);
    r.p95.push_back(s.p95);
  }
  for (std::size_t k = 0; k < kConvergeTargets.size(); ++k) {
    std::vector<double> times;
    for (const ConvergeRun& run : r.runs)
      if (run.time_to_s[k]) times.push_back(*run.time_to_s[k]);
    r.time_to_s[k] = spread_of(std::move(times));
  }
  std::vector<double> bytes;
  for (const ConvergeRun& run : r.runs) bytes.push_back(run.bytes_per_node_per_s);
  r.bytes_per_node_per_s = spread_of(std::move(bytes));
  r.wall_s = sw.seconds();
  return r;
}

}  // namespace rumor::sim
