// MemberStore: Serf's records over the shared identities (serf/member_store.hpp).
#include "serf/member_store.hpp"

#include <gtest/gtest.h>

#include "serf/tags.hpp"

namespace rumor::serf {
namespace {

core::Member alive(std::string name, std::uint8_t last_octet, const Tags& tags = {}) {
  core::Member m;
  m.name = std::move(name);
  m.address = Address{Ip::v4(10, 0, 0, last_octet), 7946};
  m.meta = encode_tags(tags);
  m.state = core::MemberState::alive;
  m.vsn = {1, 5, 4, 2, 5, 4};
  return m;
}

TEST(MemberStore, AMemberReadsBackWithTheIdentityAndTagsItWasAddedWith) {
  core::Identities ids;
  MemberStore store(ids);
  const auto id = store.add(alive("web-1", 7, {{"role", "web"}}), MemberStatus::alive);
  ASSERT_EQ(store.find("web-1"), id);
  const Member m = store.member(id);
  EXPECT_EQ(m.name, "web-1");
  EXPECT_EQ(m.address, (Address{Ip::v4(10, 0, 0, 7), 7946}));
  EXPECT_EQ(m.tags, (Tags{{"role", "web"}}));
  EXPECT_EQ(m.status, MemberStatus::alive);
  EXPECT_EQ(m.protocol_max, 5);
  EXPECT_EQ(m.delegate_cur, 4);
  EXPECT_EQ(store.size(), 1u);
}

TEST(MemberStore, AbsorbingNewsReplacesTheCardAndKeepsTheStatus) {
  core::Identities ids;
  MemberStore store(ids);
  const auto id = store.add(alive("db", 1, {{"v", "1"}}), MemberStatus::leaving);
  store.absorb(id, alive("db", 2, {{"v", "2"}}));
  const Member m = store.member(id);
  EXPECT_EQ(m.address.ip, Ip::v4(10, 0, 0, 2));
  EXPECT_EQ(m.tags.at("v"), "2");
  EXPECT_EQ(m.status, MemberStatus::leaving);
}

// A record keeps its name interned after memberlist forgets the member; erasing the
// last record frees the name for reuse.
TEST(MemberStore, ARecordHoldsItsNameUntilItIsErased) {
  core::Identities ids;
  MemberStore store(ids);
  const auto id = store.add(alive("gone", 3), MemberStatus::failed);
  EXPECT_NE(ids.find_name("gone"), core::kNoName);
  store.erase(id);
  EXPECT_EQ(store.find("gone"), MemberStore::kNone);
  EXPECT_EQ(ids.find_name("gone"), core::kNoName);
  EXPECT_EQ(store.size(), 0u);
}

TEST(MemberStore, ByNameListsRecordsInNameOrderWhateverTheirIds) {
  core::Identities ids;
  MemberStore store(ids);
  for (const char* n : {"c", "a", "b"}) store.add(alive(n, 1), MemberStatus::alive);
  std::vector<std::string> names;
  for (const auto id : store.by_name()) names.push_back(store.name(id));
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "c"}));
}

// Two stores over one Identities (two simulated nodes) share the card of a member
// both know: the identity is stored once.
TEST(MemberStore, StoresSharingIdentitiesShareTheCardOfAMemberBothKnow) {
  core::Identities ids;
  MemberStore a(ids), b(ids);
  const auto ia = a.add(alive("x", 9, {{"k", "v"}}), MemberStatus::alive);
  const auto ib = b.add(alive("x", 9, {{"k", "v"}}), MemberStatus::alive);
  EXPECT_EQ(ia, ib);
  EXPECT_EQ(a.at(ia).card, b.at(ib).card);
}

}  // namespace
}  // namespace rumor::serf
