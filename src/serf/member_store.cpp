#include "serf/member_store.hpp"

#include <algorithm>

#include "serf/tags.hpp"

namespace rumor::serf {

MemberStore::~MemberStore() {
  for_each([&](Id, const MemberRecord& r) { ids_.release_card(r.card); });
}

void MemberStore::ensure(Id id) {
  core::grow_to_hold(records_, id, ids_);
}

core::CardId MemberStore::card_of(Id id, const core::Member& n) {
  return ids_.acquire_card(id, n.address, n.meta, n.vsn);
}

MemberStore::Id MemberStore::add(const core::Member& n, MemberStatus status) {
  const Id id = ids_.acquire_name(n.name);
  ensure(id);
  MemberRecord& r = records_[id];
  r = MemberRecord{};
  r.card = card_of(id, n);
  r.status = status;
  ids_.release_name(id);  // the card holds the name now
  ++size_;
  return id;
}

void MemberStore::absorb(Id id, const core::Member& n) {
  const core::CardId card = card_of(id, n);  // before the release: it keeps the name
  ids_.release_card(records_[id].card);
  records_[id].card = card;
}

void MemberStore::erase(Id id) noexcept {
  const core::CardId card = records_[id].card;
  records_[id] = MemberRecord{};
  --size_;
  ids_.release_card(card);
}

std::uint8_t MemberStore::protocol_max(Id id) const noexcept {
  const codec::Vsn& v = ids_.card(records_[id].card).vsn;
  return v.size() > 1 ? v[1] : 0;
}

Member MemberStore::member(Id id) const {
  const MemberRecord& r = records_[id];
  const core::Card& c = ids_.card(r.card);
  Member m;
  m.name = ids_.name(id);
  m.address = c.address;
  // Go logs undecodable tags and keeps what it decoded; we keep none of a bad map.
  if (auto tags = decode_tags(c.meta)) m.tags = std::move(*tags);
  m.status = r.status;
  auto v = [&](std::size_t i) -> std::uint8_t { return i < c.vsn.size() ? c.vsn[i] : 0; };
  m.protocol_min = v(0);
  m.protocol_max = v(1);
  m.protocol_cur = v(2);
  m.delegate_min = v(3);
  m.delegate_max = v(4);
  m.delegate_cur = v(5);
  return m;
}

std::vector<MemberStore::Id> MemberStore::by_name() const {
  std::vector<Id> out;
  out.reserve(size_);
  for_each([&](Id id, const MemberRecord&) { out.push_back(id); });
  std::sort(out.begin(), out.end(), [&](Id a, Id b) { return ids_.name(a) < ids_.name(b); });
  return out;
}

}  // namespace rumor::serf
