// MemberTable: what one node believes about every member it knows, as dense records
// indexed by the members' NameIds (identities.hpp), plus the probe order (memberlist's
// nodes slice). A record is 16 bytes and its state one more, so a simulator of 10^4
// nodes that each know 10^4 members keeps 10^8 of them in 2 GB (16 bytes each, and 4 in
// the probe order); who a member is (name, address, meta, versions) lives once in the
// shared Identities. State and card share a word so that a lookup costs one cache line.
//
// A record holds one reference on its member's name and one on its card.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/identities.hpp"
#include "core/member.hpp"
#include "core/rng.hpp"
#include "core/time.hpp"

namespace rumor::core {

struct MemberRecord {
  Time since{0};  // when the state last changed (memberlist's StateChange)
  std::uint32_t incarnation = 0;
  // kNoCard only between MemberTable::add() and the first set_card().
  CardId card() const noexcept {
    const std::uint32_t c = packed & kCardBits;
    return c == kCardBits ? kNoCard : c;
  }

  // The card id's 28 bits, then the node's view of the member: 3 bits of state (7:
  // unknown). MemberTable's to keep.
  static constexpr std::uint32_t kCardBits = kMaxCards;
  std::uint32_t packed = kCardBits | 7u << 28;
};
static_assert(sizeof(MemberRecord) == 16);

class MemberTable {
 public:
  explicit MemberTable(Identities& ids) : ids_(ids) {}
  ~MemberTable();
  MemberTable(const MemberTable&) = delete;
  MemberTable& operator=(const MemberTable&) = delete;

  // kNoName unless this node knows a member of that name.
  NameId find(std::string_view name) const noexcept {
    const NameId id = ids_.find_name(name);
    return knows(id) ? id : kNoName;
  }
  // Asks the CPU to bring the record of `name` into cache, and returns the name's id
  // (find_name's answer, valid while Identities::name_generation() is unchanged).
  NameId prefetch(std::string_view name) const noexcept {
    const NameId id = ids_.find_name(name);
    if (id < records_.size()) __builtin_prefetch(&records_[id]);
    return id;
  }
  void prefetch_record(NameId id) const noexcept { __builtin_prefetch(&records_[id]); }
  // The second step after prefetch(): the card of a record already in cache.
  void prefetch_card(NameId id) const noexcept {
    if (id < records_.size()) ids_.prefetch_card(records_[id].card());
  }
  // find(), given find_name's answer for the name.
  NameId find_resolved(NameId id) const noexcept { return knows(id) ? id : kNoName; }
  bool knows(NameId id) const noexcept { return id < records_.size() && status(id) != kNone; }
  MemberState state(NameId id) const noexcept { return static_cast<MemberState>(status(id)); }
  bool dead_or_left(NameId id) const noexcept {
    const MemberState s = state(id);
    return s == MemberState::dead || s == MemberState::left;
  }
  MemberRecord& record(NameId id) noexcept { return records_[id]; }
  const MemberRecord& record(NameId id) const noexcept { return records_[id]; }
  const Card& card(NameId id) const noexcept { return ids_.card(records_[id].card()); }
  const std::string& name(NameId id) const noexcept { return ids_.name(id); }
  Identities& identities() noexcept { return ids_; }
  const Identities& identities() const noexcept { return ids_; }

  // A new member, dead since `now` (so that the alive rule reports its join), at a
  // random place in the probe order (memberlist: append, then swap with a random slot).
  NameId add(std::string_view name, Time now, Rng& rng);
  // Replaces the member's card; takes over the caller's reference on `card`.
  void set_card(NameId id, CardId card) noexcept;
  // Keeps the live count; the state-change time moves only when the state changes.
  void set_state(NameId id, MemberState s, Time now) noexcept;
  // Drops the member (the caller removes it from the probe order).
  void forget(NameId id) noexcept;

  // Members in probe order (memberlist's m.nodes); reap() and shuffles rearrange it.
  std::vector<NameId>& order() noexcept { return order_; }
  const std::vector<NameId>& order() const noexcept { return order_; }
  std::size_t size() const noexcept { return order_.size(); }
  std::size_t alive_count() const noexcept { return alive_; }  // alive or suspect

  // A Member with this member's current record (copies its name, meta and versions).
  Member to_member(NameId id) const;
  // The same into `out`, reusing its buffers: for delegate calls on hot paths.
  void fill(Member& out, NameId id) const;

 private:
  static constexpr std::uint32_t kNone = 7;
  std::uint32_t status(NameId id) const noexcept { return records_[id].packed >> 28 & 7u; }
  void set_status(NameId id, std::uint32_t state) noexcept {
    std::uint32_t& p = records_[id].packed;
    p = (p & MemberRecord::kCardBits) | state << 28;
  }
  void ensure(NameId id);
  void release(NameId id) noexcept;

  Identities& ids_;
  std::vector<MemberRecord> records_;
  std::vector<NameId> order_;
  std::size_t alive_ = 0;
};

}  // namespace rumor::core
