// What the web simulator's protocol mode sets beside a run: the models' predictions of a
// broadcast's spread and of a crash's detection, from the configuration the simulated
// cluster runs. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/config.hpp"

namespace rumor::websim {

struct BroadcastPrediction {
  double rounds = 0;            // gossip rounds until under half a live node is left
  double seconds = 0;           // those rounds, at the gossip interval
  std::vector<double> reached;  // predicted fraction of live nodes reached, per step
  std::string basis;
};

// A broadcast as push gossip with the config's fanout (gossip_nodes) every gossip
// interval, among `nodes` of which `crashed` drop what they get, each packet lost with
// `loss`: the epidemic lab's mean field (lab::predict). `step`: the page's step.
BroadcastPrediction predict_broadcast(const core::Config& cfg, std::uint32_t nodes,
                                      std::uint32_t crashed, double loss, core::Duration step);

struct DetectionPrediction {
  double suspect_min_s = 0, suspect_max_s = 0;  // first failed probe of the crashed node
  double dead_min_s = 0, dead_max_s = 0;        // declared dead: suspicion ran out
  std::string basis;
};

// SWIM with Lifeguard on `nodes` members: some member probes the crashed one within a
// probe interval, the probe fails by the end of its interval, and the suspicion times
// out after between the config's suspicion_min (all k confirmations came) and
// suspicion_max (none did).
DetectionPrediction predict_detection(const core::Config& cfg, std::uint32_t nodes);

}  // namespace rumor::websim
