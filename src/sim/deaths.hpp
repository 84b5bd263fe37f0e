// DeathTally: follows the engine's death records as they are appended and answers,
// per watched subject, when the first and when the last of a set of observers declared
// it dead. Incremental, so a scenario can ask "has everyone noticed?" after each event.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "sim/views.hpp"

namespace rumor::sim {

class DeathTally {
 public:
  // `observers[i]`: does node i's opinion count; `subjects`: the nodes to follow.
  DeathTally(const MembershipViews& views, std::vector<bool> observers,
             std::vector<NodeId> subjects, core::Time since);

  // Reads records appended since the last call. True once every counted observer has
  // declared every subject dead.
  bool update();

  struct Subject {
    NodeId id = kNoNode;
    std::optional<core::Time> first, last;
    std::size_t declared = 0;
  };
  const std::vector<Subject>& subjects() const noexcept { return subjects_; }
  std::size_t needed() const noexcept { return needed_; }

 private:
  const MembershipViews& views_;
  std::vector<bool> observers_;
  std::vector<Subject> subjects_;
  std::vector<std::vector<bool>> seen_;  // per subject, per observer
  std::vector<int> index_;               // node -> subject slot, -1 if not followed
  std::size_t next_ = 0;
  std::size_t needed_ = 0;
  core::Time since_;
};

}  // namespace rumor::sim
