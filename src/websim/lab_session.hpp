// A web simulator session of the epidemic lab: one run of anti-entropy or rumor
// mongering (src/lab), cycle by cycle, started by the first node the user infects.
// Before that the population is already drawn (the same seed gives the same crashed
// nodes and views), so the page can show who is down.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>

#include "lab/anti_entropy.hpp"
#include "lab/models.hpp"
#include "lab/rumor_mongering.hpp"
#include "websim/params.hpp"

namespace rumor::websim {

class LabSession {
 public:
  // Reads nodes (2..max_nodes), algorithm, mode, stop, decay, k, fanout, view, loss,
  // failed, seed; throws ParamError naming the first bad one.
  LabSession(const Query& q, std::uint32_t max_nodes);

  // The node learns the update: the first infection starts the run.
  void infect(std::uint32_t node);
  // Runs up to `cycles` cycles (fewer if the run ends); keeps the last cycle's messages.
  void step(int cycles);
  nlohmann::json state() const;

  const lab::Params& params() const { return p_; }
  bool started() const { return ae_ || rm_; }
  bool over() const;
  int cycle() const;
  bool live(std::uint32_t x) const { return preview_.pop.live(x); }
  bool knows(std::uint32_t x) const;
  // The peers x may call (empty with full views).
  std::span<const std::uint32_t> view(std::uint32_t x) const {
    return (started() ? setup() : preview_).contacts.views().of(x);
  }
  const lab::MessageLog& messages() const { return messages_; }

 private:
  const lab::SpreadSetup& setup() const { return ae_ ? ae_->setup() : rm_->setup(); }

  lab::Params p_;
  lab::Prediction prediction_;
  // The population and views the run will draw (same seed), for before it starts.
  lab::SpreadSetup preview_;
  std::unique_ptr<lab::AntiEntropy> ae_;
  std::unique_ptr<lab::RumorMongering> rm_;
  lab::MessageLog messages_;
};

}  // namespace rumor::websim
