#include "core/identities.hpp"

#include <algorithm>
#include <stdexcept>

namespace rumor::core {

namespace {
// FNV-1a: ids come from the free lists, never from hashes, so any decent mix will do.
std::uint64_t mix(std::uint64_t h, ByteView bytes) noexcept {
  for (std::uint8_t b : bytes) h = (h ^ b) * 0x100000001b3ULL;
  return h;
}
}  // namespace

std::size_t Identities::slot_of(std::string_view name, std::uint32_t hash) const noexcept {
  const std::size_t mask = name_index_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const IndexSlot& s = name_index_[i];
    if (s.id == kNoName || (s.hash == hash && names_[s.id].text == name)) return i;
  }
}

void Identities::index_insert(NameId id, std::uint32_t hash) {
  if (2 * (indexed_ + 1) > name_index_.size()) {
    std::vector<IndexSlot> old = std::move(name_index_);
    name_index_.assign(std::max<std::size_t>(64, 2 * old.size()), IndexSlot{});
    const std::size_t mask = name_index_.size() - 1;
    for (const IndexSlot& s : old) {
      if (s.id == kNoName) continue;
      std::size_t i = s.hash & mask;
      while (name_index_[i].id != kNoName) i = (i + 1) & mask;
      name_index_[i] = s;
    }
  }
  name_index_[slot_of(names_[id].text, hash)] = IndexSlot{hash, id};
  ++indexed_;
}

void Identities::index_erase(std::string_view name) {
  // Backward-shift deletion: later entries of the probe run move up into the hole, so
  // lookups never need tombstones.
  const std::size_t mask = name_index_.size() - 1;
  std::size_t hole = slot_of(name, hash_name(name));
  name_index_[hole] = IndexSlot{};
  for (std::size_t i = (hole + 1) & mask; name_index_[i].id != kNoName; i = (i + 1) & mask) {
    const std::size_t home = name_index_[i].hash & mask;
    // Move it if its home is not in (hole, i] (cyclically).
    const bool stays = hole < i ? (home > hole && home <= i) : (home > hole || home <= i);
    if (stays) continue;
    name_index_[hole] = name_index_[i];
    name_index_[i] = IndexSlot{};
    hole = i;
  }
  --indexed_;
}

NameId Identities::acquire_name(std::string_view name) {
  const std::uint32_t hash = hash_name(name);
  if (!name_index_.empty()) {
    const IndexSlot& s = name_index_[slot_of(name, hash)];
    if (s.id != kNoName) {
      ++names_[s.id].refs;
      return s.id;
    }
  }
  NameId id;
  if (!free_names_.empty()) {
    id = free_names_.back();
    free_names_.pop_back();
  } else {
    id = static_cast<NameId>(names_.size());
    names_.emplace_back();
  }
  names_[id].text.assign(name);
  names_[id].refs = 1;
  ++name_generation_;
  names_[id].latest_card = kNoCard;
  index_insert(id, hash);
  return id;
}

void Identities::release_name(NameId id) noexcept {
  NameSlot& s = names_[id];
  if (--s.refs != 0) return;
  ++name_generation_;
  index_erase(s.text);
  s.text.clear();
  s.text.shrink_to_fit();
  free_names_.push_back(id);
}

NameId Identities::find_name(std::string_view name) const noexcept {
  if (name_index_.empty()) return kNoName;
  return name_index_[slot_of(name, hash_name(name))].id;
}

std::uint64_t Identities::content_hash(NameId name, const Address& address, ByteView meta,
                                       ByteView vsn) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ULL ^ name;
  h = mix(h, address.ip.view());
  const std::uint8_t port[2] = {static_cast<std::uint8_t>(address.port >> 8),
                                static_cast<std::uint8_t>(address.port)};
  h = mix(h, port);
  h = mix(h ^ meta.size(), meta);
  return mix(h ^ (vsn.size() << 16), vsn);
}

bool Identities::same_content(const Card& c, const Address& address, ByteView meta,
                              ByteView vsn) noexcept {
  return c.address == address &&
         std::equal(c.meta.begin(), c.meta.end(), meta.begin(), meta.end()) &&
         std::equal(c.vsn.begin(), c.vsn.end(), vsn.begin(), vsn.end());
}

CardId Identities::acquire_card(NameId name, const Address& address, ByteView meta, ByteView vsn) {
  // Most acquisitions are of the card every other node already holds for the member.
  if (const CardId hint = names_[name].latest_card; hint != kNoCard) {
    CardSlot& s = cards_[hint];
    if (s.refs != 0 && s.card.name == name && same_content(s.card, address, meta, vsn)) {
      ++s.refs;
      return hint;
    }
  }
  const std::uint64_t h = content_hash(name, address, meta, vsn);
  auto [lo, hi] = card_index_.equal_range(h);
  for (auto it = lo; it != hi; ++it) {
    CardSlot& s = cards_[it->second];
    if (s.card.name == name && same_content(s.card, address, meta, vsn)) {
      ++s.refs;
      names_[name].latest_card = it->second;
      return it->second;
    }
  }
  CardId id;
  if (!free_cards_.empty()) {
    id = free_cards_.back();
    free_cards_.pop_back();
  } else {
    if (cards_.size() >= kMaxCards) throw std::length_error("rumor::core: too many member cards");
    id = static_cast<CardId>(cards_.size());
    cards_.emplace_back();
  }
  CardSlot& s = cards_[id];
  s.card.name = name;
  s.card.address = address;
  s.card.meta.assign(meta.begin(), meta.end());
  s.card.vsn.assign(vsn.begin(), vsn.end());
  s.node_state = codec::node_state_parts(address.ip, address.port, names_[name].text, meta, vsn);
  s.hash = h;
  s.refs = 1;
  s.alive = kNoNews;
  retain_name(name);
  names_[name].latest_card = id;
  card_index_.emplace(h, id);
  return id;
}

void Identities::release_card(CardId id) noexcept {
  CardSlot& s = cards_[id];
  if (--s.refs != 0) return;
  auto [lo, hi] = card_index_.equal_range(s.hash);
  for (auto it = lo; it != hi; ++it) {
    if (it->second == id) {
      card_index_.erase(it);
      break;
    }
  }
  // A live alive that this card cached outlives the card (a queue still spreads it).
  if (s.alive != kNoNews) news_[s.alive].card = kNoCard;
  s.alive = kNoNews;
  release_name(s.card.name);
  s.card.name = kNoName;
  s.card.meta = Bytes();
  s.node_state = codec::NodeStateParts{};
  s.card.vsn = codec::Vsn();
  free_cards_.push_back(id);
}

NewsId Identities::add_news(NameId subject, ByteView message, std::uint64_t hash) {
  NewsId id;
  if (!free_news_.empty()) {
    id = free_news_.back();
    free_news_.pop_back();
  } else {
    id = static_cast<NewsId>(news_.size());
    news_.emplace_back();
  }
  NewsSlot& n = news_[id];
  n.assign(message);
  n.hash = hash;
  n.subject = subject;
  n.card = kNoCard;
  n.refs = 1;
  retain_name(subject);
  news_index_.emplace(hash, id);
  return id;
}

NewsId Identities::acquire_news(NameId subject, ByteView message) {
  const std::uint64_t h = mix(0xcbf29ce484222325ULL ^ subject, message);
  auto [lo, hi] = news_index_.equal_range(h);
  for (auto it = lo; it != hi; ++it) {
    NewsSlot& n = news_[it->second];
    if (n.subject == subject &&
        std::equal(n.bytes().begin(), n.bytes().end(), message.begin(), message.end())) {
      ++n.refs;
      return it->second;
    }
  }
  return add_news(subject, message, h);
}

NewsId Identities::acquire_alive(CardId card, std::uint32_t incarnation) {
  CardSlot& s = cards_[card];
  if (s.alive != kNoNews && s.alive_incarnation == incarnation) {
    ++news_[s.alive].refs;
    return s.alive;
  }
  Bytes msg;
  codec::encode(codec::Alive{incarnation, names_[s.card.name].text, s.card.address.ip,
                             s.card.address.port, s.card.meta, s.card.vsn},
                msg);
  const NewsId id = acquire_news(s.card.name, msg);
  // Cached on the card until the news goes; an older cached alive keeps its own slot.
  CardSlot& again = cards_[card];
  if (again.alive != kNoNews) news_[again.alive].card = kNoCard;
  again.alive = id;
  again.alive_incarnation = incarnation;
  news_[id].card = card;
  return id;
}

void Identities::release_news(NewsId id) noexcept {
  NewsSlot& n = news_[id];
  if (--n.refs != 0) return;
  auto [lo, hi] = news_index_.equal_range(n.hash);
  for (auto it = lo; it != hi; ++it) {
    if (it->second == id) {
      news_index_.erase(it);
      break;
    }
  }
  if (n.card != kNoCard && cards_[n.card].alive == id) cards_[n.card].alive = kNoNews;
  release_name(n.subject);
  n.size = 0;
  n.large = Bytes();
  n.subject = kNoName;
  n.card = kNoCard;
  free_news_.push_back(id);
}

}  // namespace rumor::core
