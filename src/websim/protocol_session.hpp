// A web simulator session of the real protocol: a SWIM cluster of core::Nodes in the
// deterministic simulator (src/sim), stepped in virtual time. The user broadcasts from
// a node (an epidemic user message) or crashes one, and watches, step by step, the
// packets sent, who has the broadcast, and each node's state (alive, suspect, dead) as
// the majority of live nodes, or one chosen observer, sees it, beside what the models
// predict (protocol_model.hpp).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "sim/engine.hpp"
#include "websim/params.hpp"

namespace rumor::websim {

class ProtocolSession {
 public:
  // Reads nodes (2..max_nodes), seed, loss, step_ms; throws ParamError naming the first
  // bad one. Brings the cluster up and lets it settle (virtual time, a fraction of a
  // second of real time at 200 nodes).
  ProtocolSession(const Query& q, std::uint32_t max_nodes);

  // The node sends a user broadcast (the one the page follows).
  void broadcast(std::uint32_t node);
  void crash(std::uint32_t node);
  // What the page follows: the latest broadcast or crash, and the step it came at.
  enum class Event { none, broadcast, crash };
  Event last_event() const { return event_; }
  // Live nodes (the crashed one aside) that believe the latest crashed node `belief`.
  std::uint32_t believing(char belief) const;
  // Runs `steps` steps of step_ms virtual time each; keeps the last step's sends.
  void step(int steps);
  // observer: a node's view, or nullopt for the majority of live nodes.
  nlohmann::json state(std::optional<std::uint32_t> observer) const;

  // What `observer` believes of `subject`: 'a'live, 's'uspect, 'd'ead, 'l'eft, or 'u'nknown.
  char believes(std::uint32_t observer, std::uint32_t subject) const;
  // What most live nodes (the subject aside) believe of it; ties go to the worse state.
  char majority(std::uint32_t subject) const;
  bool crashed(std::uint32_t x) const { return engine_.state(x) == sim::NodeState::crashed; }
  bool has_broadcast(std::uint32_t x) const;
  std::uint32_t size() const { return nodes_; }
  const std::vector<sim::Engine::Send>& sends() const { return sends_; }
  std::uint64_t trace_hash() const { return engine_.trace_hash(); }

 private:
  void check(std::uint32_t node) const;

  std::uint32_t nodes_;
  core::Duration step_;
  sim::Engine engine_;
  core::Time start_{0};  // after the cluster settled: the page's time 0
  int steps_ = 0;
  std::optional<std::uint64_t> broadcast_;
  Event event_ = Event::none;
  std::uint32_t event_node_ = 0;
  int event_step_ = 0;
  core::Time event_at_{0};
  core::Config cfg_;
  double loss_ = 0;
  std::vector<sim::Engine::Send> sends_;
};

}  // namespace rumor::websim
