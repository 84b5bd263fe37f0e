#include "websim/protocol_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "lab/models.hpp"

namespace rumor::websim {
namespace {

double seconds(core::Duration d) {
  return std::chrono::duration<double>(d).count();
}

std::string fixed(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

}  // namespace

BroadcastPrediction predict_broadcast(const core::Config& cfg, std::uint32_t nodes,
                                      std::uint32_t crashed, double loss, core::Duration step) {
  lab::Params p;
  p.algorithm = lab::Algorithm::anti_entropy;
  p.mode = lab::Mode::push;
  p.fanout = cfg.gossip_nodes;
  p.nodes = std::max<std::uint32_t>(nodes, 2);
  p.loss = loss;
  p.failed = std::min(0.9, static_cast<double>(crashed) / static_cast<double>(p.nodes));
  const lab::Prediction m = lab::predict(p);
  BroadcastPrediction out;
  const double interval = seconds(cfg.gossip_interval);
  out.basis = "push gossip to " + std::to_string(cfg.gossip_nodes) + " random members every " +
              fixed(interval * 1000, 0) +
              " ms (memberlist's gossip_nodes, gossip_interval): " + m.basis;
  if (!m.t_last || m.informed.empty()) return out;
  out.rounds = *m.t_last;
  out.seconds = out.rounds * interval;
  // The mean field's rounds, read at each step's time.
  const double per_step = seconds(step) / interval;
  const auto steps = static_cast<std::size_t>(std::ceil(out.rounds / per_step)) + 1;
  for (std::size_t k = 0; k <= steps; ++k) {
    const auto round = static_cast<std::size_t>(std::floor(static_cast<double>(k) * per_step));
    out.reached.push_back(m.informed[std::min(round, m.informed.size() - 1)]);
  }
  return out;
}

DetectionPrediction predict_detection(const core::Config& cfg, std::uint32_t nodes) {
  DetectionPrediction out;
  const double probe = seconds(cfg.probe_interval);
  const double lo = seconds(cfg.suspicion_min(nodes)), hi = seconds(cfg.suspicion_max(nodes));
  out.suspect_min_s = probe;
  out.suspect_max_s = 2 * probe;
  out.dead_min_s = out.suspect_min_s + lo;
  out.dead_max_s = out.suspect_max_s + hi;
  out.basis = "a probe reaches the crashed node within a probe interval (" + fixed(probe, 1) +
              " s) and fails by its end; Lifeguard's suspicion then times out after " +
              fixed(lo, 1) + " s once " + std::to_string(cfg.suspicion_confirmations(nodes)) +
              " other members confirm it, up to " + fixed(hi, 1) +
              " s without (suspicion_mult × log10 n × probe interval)";
  return out;
}

}  // namespace rumor::websim
