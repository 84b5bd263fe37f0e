// Serf's key management: the key queries' bytes (as serf 0.8.2's Go codec writes them),
// what a member answers, the querier's tally, and a whole rotation across a cluster.
#include "serf/keys.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "codec/base64.hpp"
#include "core/nonce.hpp"
#include "loopback.hpp"
#include "support.hpp"

namespace rumor::serf {
namespace {

using namespace std::chrono_literals;
using test::hex;
using test::Loopback;
using test::to_hex;

// The key of vectors/encrypted.vectors.txt ("HelloRumorTestKey32BytesLong!!!!"), and a
// 16-byte one.
const std::string kKeyA = "SGVsbG9SdW1vclRlc3RLZXkzMkJ5dGVzTG9uZyEhISE=";
const std::string kKeyB = "sLCwsLCwsLCwsLCwsLCwsA==";
Bytes raw(const std::string& b64) {
  return *codec::base64_decode(b64);
}

// Hex of the msgpack pieces, spelled out: a4 "Keys", a7 "Message", a6 "Result".
constexpr const char* kKeys = "a4 4b657973";
constexpr const char* kMessage = "a7 4d657373616765";
constexpr const char* kResult = "a6 526573756c74";

std::string cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto p : parts) (out += p) += ' ';
  return out;
}

// ---- bytes ----------------------------------------------------------------------------

TEST(SerfKeys, AnAnswerIsEncodedAsSerf082sNodeKeyResponse) {
  // {Keys: nil, Message: "", Result: true}: three fields, sorted, nil slice as c0.
  EXPECT_EQ(to_hex(encoded(KeyResponseMsg{true, "", {}, std::nullopt})),
            to_hex(hex(cat({"08 83", kKeys, "c0", kMessage, "a0", kResult, "c3"}))));
  // A refusal: the 39-byte message goes out as raw16 (da), the old spec Go writes.
  auto ring = *codec::Keyring::create(raw(kKeyA));
  const KeyResponseMsg refused =
      answer_key_query(KeyOp::remove, encoded(KeyRequestMsg{raw(kKeyA)}), &ring);
  EXPECT_EQ(to_hex(encoded(refused)),
            to_hex(hex(cat({"08 83", kKeys, "c0", kMessage,
                            "da 0027 52656d6f76696e6720746865207072696d617279206b6579206973206e6f"
                            "7420616c6c6f776564",
                            kResult, "c2"}))));
}

TEST(SerfKeys, AListAnswerCarriesTheKeysInBase64PrimaryFirst) {
  auto ring = *codec::Keyring::create(raw(kKeyA), {raw(kKeyB)});
  const KeyResponseMsg answer = answer_key_query(KeyOp::list, {}, &ring);
  EXPECT_EQ(answer.keys, (std::vector<std::string>{kKeyA, kKeyB}));
  EXPECT_EQ(to_hex(encoded(answer)),
            to_hex(hex(cat({"08 83", kKeys, "92",
                            "da 002c 534756736247395364573176636c526c6333524c5a586b7a4d6b4a3564"
                            "47567a544739755a7945684953453d",
                            "b8 734c4377734c4377734c4377734c4377734c437773413d3d", kMessage, "a0",
                            kResult, "c3"}))));
}

TEST(SerfKeys, ARequestCarriesTheRawKeyAndListKeysAnEmptyOne) {
  EXPECT_EQ(to_hex(encoded(KeyRequestMsg{raw(kKeyB)})),
            to_hex(hex("07 81 a3 4b6579 b0 b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0")));
  // Go's key is base64.DecodeString("") there: empty but not nil, so a0 rather than c0.
  EXPECT_EQ(to_hex(encoded(KeyRequestMsg{})), "0781a34b6579a0");
}

TEST(SerfKeys, ANewerMembersPrimaryKeyIsReadAndWrittenOnlyWhenPresent) {
  KeyResponseMsg newer{true, "", {kKeyB}, kKeyB};
  const Bytes bytes = encoded(newer);
  EXPECT_EQ(bytes.at(1), 0x84);  // four fields
  auto back = decode_key_response(ByteView(bytes).subspan(1));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, newer);
  auto old = decode_key_response(ByteView(encoded(KeyResponseMsg{true, "", {}, {}})).subspan(1));
  ASSERT_TRUE(old.ok());
  EXPECT_FALSE(old->primary_key.has_value());
}

// ---- a member's answer ------------------------------------------------------------------

TEST(SerfKeys, AMemberAnswersWithMemberlistsAndSerfsMessages) {
  auto ring = *codec::Keyring::create(raw(kKeyA));
  auto request = [](const Bytes& key) { return encoded(KeyRequestMsg{key}); };
  auto answer = [&](KeyOp op, const Bytes& key) {
    return answer_key_query(op, request(key), &ring);
  };

  EXPECT_EQ(answer(KeyOp::install, Bytes(7, 1)).message, "key size must be 16, 24 or 32 bytes");
  EXPECT_EQ(answer(KeyOp::use, raw(kKeyB)).message, "Requested key is not in the keyring");
  EXPECT_EQ(answer(KeyOp::remove, raw(kKeyA)).message, "Removing the primary key is not allowed");
  EXPECT_TRUE(answer(KeyOp::remove, raw(kKeyB)).result);  // not installed: a no-op, as in Go
  EXPECT_TRUE(answer(KeyOp::install, raw(kKeyB)).result);
  EXPECT_TRUE(answer(KeyOp::use, raw(kKeyB)).result);
  EXPECT_EQ(ring.keys(), (std::vector<Bytes>{raw(kKeyB), raw(kKeyA)}));

  EXPECT_EQ(answer_key_query(KeyOp::install, {}, &ring).message, "Failed to decode key request");
  EXPECT_EQ(answer_key_query(KeyOp::install, request(raw(kKeyB)), nullptr).message,
            "No keyring to modify (encryption not enabled)");
  EXPECT_EQ(answer_key_query(KeyOp::list, {}, nullptr).message,
            "Keyring is empty (encryption not enabled)");
  EXPECT_FALSE(answer_key_query(KeyOp::list, {}, nullptr).result);
}

TEST(SerfKeys, QueryNamesAreSerfs) {
  for (KeyOp op : {KeyOp::install, KeyOp::use, KeyOp::remove, KeyOp::list})
    EXPECT_EQ(key_op_from_query_name(key_query_name(op)), op);
  EXPECT_EQ(key_query_name(KeyOp::list), "list-keys");
  EXPECT_EQ(key_query_name(KeyOp::install), "install-key");
  EXPECT_FALSE(key_op_from_query_name("conflict").has_value());
}

// ---- the querier's tally ----------------------------------------------------------------

TEST(SerfKeys, TheTallyCountsKeysAndFailuresAsKeyManagerDoes) {
  KeyResponse r;
  r.num_nodes = 3;
  EXPECT_FALSE(r.add("a", encoded(KeyResponseMsg{true, "", {kKeyA, kKeyB}, std::nullopt})));
  EXPECT_FALSE(r.add("b", encoded(KeyResponseMsg{false, "boom", {kKeyA}, std::nullopt})));
  EXPECT_EQ(r.error(), "1/3 nodes reported failure");
  EXPECT_TRUE(r.add("c", Bytes{5, 1}));
  EXPECT_EQ(r.num_resp, 3u);
  EXPECT_EQ(r.num_err, 2u);
  EXPECT_EQ(r.keys.at(kKeyA), 2u);
  EXPECT_EQ(r.keys.at(kKeyB), 1u);
  EXPECT_EQ(r.messages.at("b"), "boom");
  EXPECT_EQ(r.messages.at("c"), "Invalid key query response type: [5 1]");
  EXPECT_FALSE(r.messages.contains("a"));
  // Go stops reading at NumNodes answers.
  EXPECT_TRUE(r.add("d", encoded(KeyResponseMsg{false, "late", {}, std::nullopt})));
  EXPECT_EQ(r.num_resp, 3u);
  EXPECT_EQ(r.error(), "2/3 nodes reported failure");
}

TEST(SerfKeys, TheTallyReportsMissingAnswersAsPartialSuccess) {
  KeyResponse r;
  r.num_nodes = 2;
  r.add("a", encoded(KeyResponseMsg{true, "", {}, std::nullopt}));
  EXPECT_EQ(r.error(), "1/2 nodes reported success");
  r.add("b", encoded(KeyResponseMsg{true, "", {}, kKeyA}));
  EXPECT_FALSE(r.error().has_value());
  EXPECT_EQ(r.primary_keys.at(kKeyA), 1u);
  KeyResponse garbled;
  garbled.num_nodes = 1;
  garbled.add("x", Bytes{8, 0xc1});
  EXPECT_EQ(garbled.messages.at("x"), "Failed to decode key query response: [8 193]");
}

// ---- across a cluster -------------------------------------------------------------------

// Each member its own ring holding `keys` (primary first) and its own nonces.
std::function<void(Config&)> with_keys(std::vector<std::string> keys) {
  auto seed = std::make_shared<std::uint64_t>(100);
  return [keys, seed](Config& c) {
    std::vector<Bytes> others;
    for (std::size_t i = 1; i < keys.size(); ++i) others.push_back(raw(keys[i]));
    c.memberlist.encryption.keyring =
        std::make_shared<codec::Keyring>(*codec::Keyring::create(raw(keys[0]), others));
    c.memberlist.encryption.nonce = core::seeded_nonces((*seed)++);
  };
}

constexpr int kMembers = 5;

void make_cluster(Loopback& net, std::function<void(Config&)> tweak) {
  for (int i = 0; i < kMembers; ++i) net.add("n" + std::to_string(i), {}, tweak);
  net.start_and_join_all();
}

// Runs one key query from n0 to its end and tallies the answers n0 received.
KeyResponse run_key_query(Loopback& net, KeyOp op, const std::string& key) {
  auto& querier = *net.peer("n0").sink;
  querier.responses.clear();
  auto kq = net.peer("n0").serf->key_query(op, key, net.now());
  EXPECT_TRUE(kq.ok());
  if (!kq) return {};
  net.run_for(net.peer("n0").serf->default_query_timeout() + 1s);
  KeyResponse tally = kq->response;
  for (const auto& [from, payload] : querier.responses) tally.add(from, test::as_bytes(payload));
  return tally;
}

void expect_whole_cluster(Loopback& net) {
  for (int i = 0; i < kMembers; ++i) {
    auto& p = net.peer("n" + std::to_string(i));
    const auto members = p.serf->members();
    EXPECT_EQ(members.size(), static_cast<std::size_t>(kMembers)) << p.name;
    for (const Member& m : members) EXPECT_EQ(m.status, MemberStatus::alive) << p.name;
    const auto& dropped = p.serf->node().stats().dropped;
    EXPECT_EQ(dropped[static_cast<std::size_t>(core::DropReason::undecryptable)], 0u) << p.name;
    for (int j = 0; j < kMembers; ++j)
      EXPECT_EQ(p.sink->count(MemberEventType::failed, "n" + std::to_string(j)), 0u) << p.name;
  }
}

TEST(SerfKeys, ARotationInstallUseRemoveMovesEveryMemberToTheNewKey) {
  Loopback net;
  make_cluster(net, with_keys({kKeyA}));
  expect_whole_cluster(net);

  const KeyResponse installed = run_key_query(net, KeyOp::install, kKeyB);
  EXPECT_FALSE(installed.error().has_value()) << *installed.error();
  EXPECT_EQ(installed.num_resp, static_cast<std::size_t>(kMembers));
  const KeyResponse used = run_key_query(net, KeyOp::use, kKeyB);
  EXPECT_FALSE(used.error().has_value()) << *used.error();
  const KeyResponse removed = run_key_query(net, KeyOp::remove, kKeyA);
  EXPECT_FALSE(removed.error().has_value()) << *removed.error();

  for (int i = 0; i < kMembers; ++i) {
    auto& p = net.peer("n" + std::to_string(i));
    EXPECT_EQ(p.serf->keyring()->keys(), std::vector<Bytes>{raw(kKeyB)}) << p.name;
    // The layer above heard of each change, to save the ring (Go's keyring file).
    ASSERT_EQ(p.sink->keyrings.size(), 3u) << p.name;
    EXPECT_EQ(p.sink->keyrings.back().keys(), std::vector<Bytes>{raw(kKeyB)});
  }
  const KeyResponse listed = run_key_query(net, KeyOp::list, "");
  EXPECT_EQ(listed.keys, (std::map<std::string, std::size_t, std::less<>>{{kKeyB, kMembers}}));
  // Still one cluster, now on the new key alone.
  net.run_for(40s);
  expect_whole_cluster(net);
}

TEST(SerfKeys, RemovingThePrimaryKeyIsRefusedEverywhere) {
  Loopback net;
  make_cluster(net, with_keys({kKeyA, kKeyB}));
  const KeyResponse r = run_key_query(net, KeyOp::remove, kKeyA);
  EXPECT_EQ(r.error(), "5/5 nodes reported failure");
  ASSERT_EQ(r.messages.size(), static_cast<std::size_t>(kMembers));
  for (const auto& [node, message] : r.messages)
    EXPECT_EQ(message, "Removing the primary key is not allowed") << node;
  for (int i = 0; i < kMembers; ++i) {
    auto& p = net.peer("n" + std::to_string(i));
    EXPECT_EQ(p.serf->keyring()->keys(), (std::vector<Bytes>{raw(kKeyA), raw(kKeyB)}));
    EXPECT_TRUE(p.sink->keyrings.empty());
  }
}

TEST(SerfKeys, WithoutEncryptionMembersSaySo) {
  Loopback net;
  make_cluster(net, {});
  const KeyResponse listed = run_key_query(net, KeyOp::list, "");
  EXPECT_EQ(listed.num_err, static_cast<std::size_t>(kMembers));
  for (const auto& [node, message] : listed.messages)
    EXPECT_EQ(message, "Keyring is empty (encryption not enabled)");
  const KeyResponse installed = run_key_query(net, KeyOp::install, kKeyB);
  for (const auto& [node, message] : installed.messages)
    EXPECT_EQ(message, "No keyring to modify (encryption not enabled)");
}

// Every member answers key queries once its ring is saved, and its shell saves the ring
// after the input that changed it, as the agent does: `failures` names the members
// whose save fails and with what, `silent` those whose shell never reports.
void save_rings_as_the_agent_does(Loopback& net, std::map<std::string, std::string> failures,
                                  std::set<std::string> silent = {}) {
  for (int i = 0; i < kMembers; ++i) {
    auto& p = net.peer("n" + std::to_string(i));
    if (silent.contains(p.name)) continue;
    std::optional<std::string> failure;
    if (auto it = failures.find(p.name); it != failures.end()) failure = it->second;
    p.sink->on_keyring_save = [&net, &p, failure](KeyringSave save) {
      net.at(net.now(),
             [&net, &p, failure, save] { p.serf->keyring_saved(save, failure, net.now()); });
    };
  }
}

std::function<void(Config&)> answering_once_saved(std::function<void(Config&)> tweak) {
  return [tweak](Config& c) {
    tweak(c);
    c.answer_keys_once_saved = true;
  };
}

TEST(SerfKeys, AKeyringThatCannotBeSavedIsReportedAsAFailure) {
  Loopback net;
  make_cluster(net, answering_once_saved(with_keys({kKeyA})));
  save_rings_as_the_agent_does(net, {{"n3", "open /etc/serf/keyring: permission denied"}});
  const KeyResponse r = run_key_query(net, KeyOp::install, kKeyB);
  EXPECT_EQ(r.error(), "1/5 nodes reported failure");
  EXPECT_EQ(r.messages.at("n3"), "open /etc/serf/keyring: permission denied");
  // As in Go, the ring itself has changed.
  EXPECT_TRUE(net.peer("n3").serf->keyring()->contains(raw(kKeyB)));
}

TEST(SerfKeys, AMemberThatAnswersOnceSavedStaysSilentUntilItsRingIsSaved) {
  Loopback net;
  make_cluster(net, answering_once_saved(with_keys({kKeyA})));
  save_rings_as_the_agent_does(net, {}, {"n2"});
  std::vector<KeyringSave> asked;
  net.peer("n2").sink->on_keyring_save = [&](KeyringSave save) { asked.push_back(save); };
  const KeyResponse r = run_key_query(net, KeyOp::install, kKeyB);
  EXPECT_EQ(r.num_resp, static_cast<std::size_t>(kMembers - 1));
  EXPECT_FALSE(r.messages.contains("n2"));
  EXPECT_TRUE(net.peer("n2").serf->keyring()->contains(raw(kKeyB)));
  // A save reported after the query's deadline sends no answer.
  ASSERT_EQ(asked.size(), 1u);
  constexpr int kResponse = static_cast<int>(MessageType::query_response);
  const std::size_t answers = net.serf_sent[kResponse];
  EXPECT_EQ(answers, static_cast<std::size_t>(kMembers - 1));
  net.peer("n2").serf->keyring_saved(asked[0], std::nullopt, net.now());
  net.run_for(1s);
  EXPECT_EQ(net.serf_sent[kResponse], answers);
}

TEST(SerfKeys, ALongKeyListIsTruncatedToFitTheResponseLimit) {
  std::vector<std::string> keys{kKeyA};
  for (int i = 1; i <= 40; ++i)
    keys.push_back(codec::base64_encode(Bytes(32, static_cast<std::uint8_t>(i))));
  Loopback net;
  net.add("n0", {}, with_keys(keys));
  net.start_and_join_all();
  auto kq = net.peer("n0").serf->key_query(KeyOp::list, "", net.now());
  ASSERT_TRUE(kq.ok());
  net.run_for(5s);
  const auto& responses = net.peer("n0").sink->responses;
  ASSERT_EQ(responses.size(), 1u);
  auto answer = decode_key_response(test::as_bytes(responses[0].second).subspan(1));
  ASSERT_TRUE(answer.ok());
  EXPECT_TRUE(answer->result);
  ASSERT_LT(answer->keys.size(), keys.size());
  EXPECT_GT(answer->keys.size(), 10u);
  EXPECT_EQ(answer->message, "truncated key list response, showing first " +
                                 std::to_string(answer->keys.size()) + " of 41 keys");
  EXPECT_EQ(answer->keys.front(), kKeyA);
}

TEST(SerfKeys, AKeyThatIsNotBase64IsRefusedBeforeAnythingIsSent) {
  Loopback net;
  make_cluster(net, with_keys({kKeyA}));
  auto kq = net.peer("n0").serf->key_query(KeyOp::install, "not base64!", net.now());
  ASSERT_FALSE(kq.ok());
  EXPECT_EQ(kq.error(), SerfError::bad_key);
}

}  // namespace
}  // namespace rumor::serf
