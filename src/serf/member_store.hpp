// MemberStore: Serf's view of every member it knows, as dense records indexed by the
// member's NameId in the core's Identities (core/identities.hpp). Who a member is (name,
// address, the tags in its meta, versions) is the interned card memberlist last gave us;
// a record adds only Serf's status and its Lamport time: 16 bytes, where a Member in a map
// by name cost about 265 (measured at 3,600 preconverged simulated nodes), which kept the
// simulator's Serf layer under 4,000 nodes. A Member is made on demand, for events and
// callers. members.cpp holds the rules that act on these records.
//
// A record holds one reference on its card, and through it on the name: Serf keeps failed
// and left members after memberlist has forgotten them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/identities.hpp"
#include "core/member.hpp"
#include "core/time.hpp"
#include "serf/events.hpp"
#include "serf/lamport.hpp"

namespace rumor::serf {

struct MemberRecord {
  LamportTime status_ltime = 0;
  core::CardId card = core::kNoCard;
  MemberStatus status = MemberStatus::none;  // none: no record
  // status_ltime came from a push/pull's status times, which do not say whether the
  // time was a join's or a leave's (members.cpp, the tie rule).
  bool status_from_state = false;
};
static_assert(sizeof(MemberRecord) == 16);

class MemberStore {
 public:
  using Id = core::NameId;
  static constexpr Id kNone = core::kNoName;

  explicit MemberStore(core::Identities& ids) : ids_(ids) {}
  ~MemberStore();
  MemberStore(const MemberStore&) = delete;
  MemberStore& operator=(const MemberStore&) = delete;

  // kNone unless there is a record for `name`.
  Id find(std::string_view name) const noexcept {
    const Id id = ids_.find_name(name);
    return id < records_.size() && records_[id].status != MemberStatus::none ? id : kNone;
  }
  MemberRecord& at(Id id) noexcept { return records_[id]; }
  const MemberRecord& at(Id id) const noexcept { return records_[id]; }
  const std::string& name(Id id) const noexcept { return ids_.name(id); }
  const Address& address(Id id) const noexcept { return ids_.card(records_[id].card).address; }
  std::uint8_t protocol_max(Id id) const noexcept;

  // A record for memberlist's `n`, `status`, holding `n`'s card.
  Id add(const core::Member& n, MemberStatus status);
  // The record takes what memberlist now says of the member as its card.
  void absorb(Id id, const core::Member& n);
  void erase(Id id) noexcept;

  // The member as callers see it: the card's identity and tags, the record's status.
  Member member(Id id) const;
  std::size_t size() const noexcept { return size_; }
  // Every record's id, in name order (the order Serf's member map by name had: it decides
  // which members a relay draw picks, so the simulator's traces stay what they were).
  std::vector<Id> by_name() const;
  // Whether pred(id, record) holds for some record; stops at the first.
  template <class P>
  bool any_of(P&& pred) const {
    for (Id id = 0; id < records_.size(); ++id)
      if (records_[id].status != MemberStatus::none && pred(id, records_[id])) return true;
    return false;
  }
  // Calls f(id, record) for every record, in id order.
  template <class F>
  void for_each(F&& f) const {
    for (Id id = 0; id < records_.size(); ++id)
      if (records_[id].status != MemberStatus::none) f(id, records_[id]);
  }

 private:
  core::CardId card_of(Id id, const core::Member& n);
  void ensure(Id id);

  core::Identities& ids_;
  std::vector<MemberRecord> records_;
  std::size_t size_ = 0;
};

}  // namespace rumor::serf
