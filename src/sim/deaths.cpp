#include "sim/deaths.hpp"

#include <algorithm>

namespace rumor::sim {

DeathTally::DeathTally(const MembershipViews& views, std::vector<bool> observers,
                       std::vector<NodeId> subjects, core::Time since)
    : views_(views), observers_(std::move(observers)), since_(since) {
  needed_ = static_cast<std::size_t>(std::count(observers_.begin(), observers_.end(), true));
  index_.assign(observers_.size(), -1);
  for (NodeId s : subjects) {
    index_[s] = static_cast<int>(subjects_.size());
    subjects_.push_back({s, std::nullopt, std::nullopt, 0});
    seen_.emplace_back(observers_.size(), false);
  }
  next_ = views_.deaths().size();
}

bool DeathTally::update() {
  const auto& recs = views_.deaths();
  for (; next_ < recs.size(); ++next_) {
    const DeathRecord& d = recs[next_];
    if (d.at < since_ || d.subject >= index_.size() || index_[d.subject] < 0) continue;
    if (d.observer >= observers_.size() || !observers_[d.observer]) continue;
    const auto k = static_cast<std::size_t>(index_[d.subject]);
    if (seen_[k][d.observer]) continue;
    seen_[k][d.observer] = true;
    Subject& s = subjects_[k];
    if (!s.first) s.first = d.at;
    if (++s.declared == needed_) s.last = d.at;
  }
  return std::all_of(subjects_.begin(), subjects_.end(),
                     [&](const Subject& s) { return s.declared >= needed_; });
}

}  // namespace rumor::sim
