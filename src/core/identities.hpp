// Who members are, and what is said about them, stored once. A name, an identity card
// (name, address, meta, protocol versions) as one alive announced it, and news (an
// encoded alive, suspect or dead message) each live here under a small id; a node keeps
// only its opinion of each member (state, incarnation, since when: member_table.hpp),
// the id of the card it last accepted, and the ids of the news it is spreading
// (membership_queue.hpp).
//
// The simulator shares one table among all its nodes, so N nodes that know the same N
// members hold N cards between them, not N^2; in an agent the table has one user. Entries
// are reference-counted and their ids reused once nobody holds them, so names that come
// and go (hosts replaced under new names) do not accumulate.
//
// Not thread-safe: every node sharing a table must be driven from one thread.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "codec/bytes.hpp"
#include "codec/ip.hpp"
#include "codec/messages.hpp"
#include <rumor/export.hpp>

RUMOR_PUBLIC_BEGIN
namespace rumor::core {

using NameId = std::uint32_t;
using CardId = std::uint32_t;
using NewsId = std::uint32_t;
inline constexpr NameId kNoName = std::numeric_limits<NameId>::max();
inline constexpr CardId kNoCard = std::numeric_limits<CardId>::max();
inline constexpr NewsId kNoNews = std::numeric_limits<NewsId>::max();
// Card ids fit in 28 bits (MemberTable packs them beside a state); ids are reused, so
// this bounds the cards alive at once.
inline constexpr std::size_t kMaxCards = (std::size_t{1} << 28) - 1;

// One identity as an alive message states it.
struct Card {
  NameId name = kNoName;
  Address address;
  Bytes meta;
  codec::Vsn vsn;
};

class Identities {
 public:
  // ---- names ------------------------------------------------------------------------
  // The id of `name`, interning it; the caller holds one reference.
  NameId acquire_name(std::string_view name);
  void retain_name(NameId id) noexcept { ++names_[id].refs; }
  void release_name(NameId id) noexcept;
  // kNoName when nobody holds `name`.
  NameId find_name(std::string_view name) const noexcept;
  const std::string& name(NameId id) const noexcept { return names_[id].text; }
  // One past the largest id ever handed out: tables indexed by NameId have this size.
  std::size_t name_capacity() const noexcept { return names_.size(); }
  // Changes whenever a name is interned or its last reference goes: a find_name()
  // answer taken at one generation holds for as long as the generation is the same.
  std::uint64_t name_generation() const noexcept { return name_generation_; }

  // ---- cards ------------------------------------------------------------------------
  // The card with this content, interning it; the caller holds one reference. The card
  // holds a reference on its name. Throws std::length_error past kMaxCards live cards.
  CardId acquire_card(NameId name, const Address& address, ByteView meta, ByteView vsn);
  void retain_card(CardId id) noexcept { ++cards_[id].refs; }
  void release_card(CardId id) noexcept;
  const Card& card(CardId id) const noexcept { return cards_[id].card; }
  // The card as a push/pull lists it, encoded when the card was made.
  const codec::NodeStateParts& node_state(CardId id) const noexcept {
    return cards_[id].node_state;
  }
  // For loops over many cards: bring a card's slot, then its node state, into cache.
  void prefetch_card(CardId id) const noexcept {
    if (id < cards_.size()) __builtin_prefetch(&cards_[id]);
  }
  void prefetch_node_state(CardId id) const noexcept {
    __builtin_prefetch(cards_[id].node_state.bytes.data());
  }
  static bool same_content(const Card& c, const Address& address, ByteView meta,
                           ByteView vsn) noexcept;

  // ---- news ---------------------------------------------------------------------------
  // An encoded membership message about `subject`, interned: every node spreading the
  // same news holds the same copy. The caller holds one reference; the news holds one on
  // the subject's name, so the name keeps its id while the news is anywhere.
  NewsId acquire_news(NameId subject, ByteView message);
  // The alive message [4][msgpack] for `card` at `incarnation`, as news.
  NewsId acquire_alive(CardId card, std::uint32_t incarnation);
  void retain_news(NewsId id) noexcept { ++news_[id].refs; }
  void release_news(NewsId id) noexcept;
  ByteView news(NewsId id) const noexcept { return news_[id].bytes(); }
  NameId news_subject(NewsId id) const noexcept { return news_[id].subject; }

  // Live entries, for memory accounting and tests.
  std::size_t names() const noexcept { return names_.size() - free_names_.size(); }
  std::size_t cards() const noexcept { return cards_.size() - free_cards_.size(); }
  std::size_t news_items() const noexcept { return news_.size() - free_news_.size(); }

 private:
  struct NameSlot {
    std::string text;
    std::uint32_t refs = 0;
    CardId latest_card = kNoCard;  // a hint: the card last made or found for this name
  };
  struct CardSlot {
    Card card;
    // Every push/pull lists every card it knows: at thousands of members, writing each
    // node state field by field was a fifth of a join storm's time.
    codec::NodeStateParts node_state;
    std::uint64_t hash = 0;
    std::uint32_t refs = 0;
    // The card's alive at alive_incarnation, as news (no reference: the news clears it).
    std::uint32_t alive_incarnation = 0;
    NewsId alive = kNoNews;
  };
  // Most news (an alive with little meta, any suspect or dead) fits in the slot itself:
  // sending it then reads one cache line or two, not a separate allocation as well.
  struct NewsSlot {
    static constexpr std::size_t kInline = 88;
    std::array<std::uint8_t, kInline> small{};
    std::uint32_t size = 0;
    Bytes large;  // the message when it is longer than kInline
    ByteView bytes() const noexcept {
      return size <= kInline ? ByteView(small.data(), size) : ByteView(large);
    }
    void assign(ByteView m) {
      size = static_cast<std::uint32_t>(m.size());
      if (m.size() <= kInline) {
        std::copy(m.begin(), m.end(), small.begin());
        large = Bytes();
      } else {
        large.assign(m.begin(), m.end());
      }
    }
    std::uint64_t hash = 0;
    NameId subject = kNoName;
    CardId card = kNoCard;  // for an alive: the card that caches it
    std::uint32_t refs = 0;
  };
  // Names by text: open addressing with linear probing (a slot is the hash's high half
  // and the id), so a lookup is one or two cache lines where a node-based map costs
  // three; every received alive, suspect and dead looks its member up here.
  struct IndexSlot {
    std::uint32_t hash = 0;
    NameId id = kNoName;
  };
  static std::uint32_t hash_name(std::string_view s) noexcept {
    return static_cast<std::uint32_t>(std::hash<std::string_view>{}(s) >> 32) | 1u;
  }
  std::size_t slot_of(std::string_view name, std::uint32_t hash) const noexcept;
  void index_insert(NameId id, std::uint32_t hash);
  void index_erase(std::string_view name);
  static std::uint64_t content_hash(NameId name, const Address& address, ByteView meta,
                                    ByteView vsn) noexcept;

  std::vector<NameSlot> names_;
  std::vector<NameId> free_names_;
  std::vector<IndexSlot> name_index_;  // size a power of 2, at most half full
  std::size_t indexed_ = 0;
  std::uint64_t name_generation_ = 0;
  std::vector<CardSlot> cards_;
  std::vector<CardId> free_cards_;
  std::unordered_multimap<std::uint64_t, CardId> card_index_;
  std::vector<NewsSlot> news_;
  std::vector<NewsId> free_news_;
  std::unordered_multimap<std::uint64_t, NewsId> news_index_;
  NewsId add_news(NameId subject, ByteView message, std::uint64_t hash);
};

// Grows a table indexed by NameId (a node's member records, Serf's) to hold `id`: exact
// when the shell interned every name up front (the simulator does), else 1/8 spare so
// that a stream of new names costs O(1) each.
template <class T>
void grow_to_hold(std::vector<T>& table, NameId id, const Identities& ids) {
  if (id < table.size()) return;
  const std::size_t want = std::max<std::size_t>(
      {std::size_t{id} + 1, ids.name_capacity(), table.size() + table.size() / 8 + 16});
  if (table.capacity() < want) table.reserve(want);
  table.resize(want);
}

}  // namespace rumor::core
RUMOR_PUBLIC_END
