#include "core/member_table.hpp"

#include <algorithm>

namespace rumor::core {

MemberTable::~MemberTable() {
  for (NameId id = 0; id < records_.size(); ++id)
    if (status(id) != kNone) release(id);
}

void MemberTable::ensure(NameId id) {
  grow_to_hold(records_, id, ids_);
}

NameId MemberTable::add(std::string_view name, Time now, Rng& rng) {
  const NameId id = ids_.acquire_name(name);
  ensure(id);
  records_[id] = MemberRecord{now, 0};
  set_status(id, static_cast<std::uint32_t>(MemberState::dead));
  if (order_.capacity() < ids_.name_capacity()) order_.reserve(ids_.name_capacity());
  const std::size_t n = order_.size();
  order_.push_back(id);
  if (n > 0) std::swap(order_[rng.below(n)], order_[n]);
  return id;
}

void MemberTable::set_card(NameId id, CardId card) noexcept {
  MemberRecord& r = records_[id];
  if (r.card() != kNoCard) ids_.release_card(r.card());
  r.packed = (r.packed & ~MemberRecord::kCardBits) | card;
}

void MemberTable::set_state(NameId id, MemberState s, Time now) noexcept {
  const MemberState old = state(id);
  const bool was_live = old == MemberState::alive || old == MemberState::suspect;
  const bool is_live = s == MemberState::alive || s == MemberState::suspect;
  if (was_live && !is_live) --alive_;
  if (!was_live && is_live) ++alive_;
  if (old != s) records_[id].since = now;
  set_status(id, static_cast<std::uint32_t>(s));
}

void MemberTable::forget(NameId id) noexcept {
  const MemberState old = state(id);
  if (old == MemberState::alive || old == MemberState::suspect) --alive_;
  release(id);
}

void MemberTable::release(NameId id) noexcept {
  MemberRecord& r = records_[id];
  if (r.card() != kNoCard) ids_.release_card(r.card());
  r = MemberRecord{};
  ids_.release_name(id);
}

Member MemberTable::to_member(NameId id) const {
  Member m;
  fill(m, id);
  return m;
}

void MemberTable::fill(Member& out, NameId id) const {
  const MemberRecord& r = records_[id];
  out.name.assign(ids_.name(id));
  if (r.card() != kNoCard) {
    const Card& c = ids_.card(r.card());
    out.address = c.address;
    out.meta.assign(c.meta.begin(), c.meta.end());
    out.vsn.assign(c.vsn.begin(), c.vsn.end());
  } else {
    out.address = Address{};
    out.meta.clear();
    out.vsn.clear();
  }
  out.incarnation = r.incarnation;
  out.state = state(id);
  out.state_change = r.since;
}

}  // namespace rumor::core
