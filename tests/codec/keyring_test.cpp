// The keyring keeps memberlist's rules (primary first, valid AES key sizes only, the
// primary cannot be removed) and Serf's keys travel as standard base64.
#include "codec/keyring.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "codec/base64.hpp"
#include "test_support.hpp"

namespace rumor::codec::test {
namespace {

Bytes key_of(std::size_t size, std::uint8_t fill) {
  return Bytes(size, fill);
}

const Bytes kA = key_of(16, 0xa);
const Bytes kB = key_of(24, 0xb);
const Bytes kC = key_of(32, 0xc);

Keyring ring_of(const Bytes& primary, const std::vector<Bytes>& others = {}) {
  return Keyring::create(primary, others).value();
}

TEST(Keyring, OnlyKeysOf16_24Or32BytesAreValid) {
  for (std::size_t n : {16u, 24u, 32u}) EXPECT_TRUE(validate_key(key_of(n, 1)).ok()) << n;
  for (std::size_t n : {0u, 1u, 8u, 15u, 17u, 23u, 25u, 31u, 33u, 64u}) {
    EXPECT_EQ(validate_key(key_of(n, 1)).error(), Error::bad_key) << n;
    EXPECT_EQ(Keyring::create(key_of(n, 1)).error(), Error::bad_key) << n;
  }
}

TEST(Keyring, CreatePutsThePrimaryFirstAndDropsDuplicates) {
  const Keyring ring = ring_of(kB, {kA, kB, kC, kA});
  EXPECT_EQ(ring.keys(), (std::vector<Bytes>{kB, kA, kC}));
  EXPECT_EQ(Bytes(ring.primary().begin(), ring.primary().end()), kB);
}

TEST(Keyring, CreateRefusesABadSecondaryKey) {
  EXPECT_EQ(Keyring::create(kA, {kB, key_of(20, 1)}).error(), Error::bad_key);
}

TEST(Keyring, InstallAppendsANewKeyAndLeavesAnInstalledOneWhereItIs) {
  Keyring ring = ring_of(kA);
  ASSERT_TRUE(ring.install(kB).ok());
  ASSERT_TRUE(ring.install(kC).ok());
  ASSERT_TRUE(ring.install(kB).ok());
  ASSERT_TRUE(ring.install(kA).ok());
  EXPECT_EQ(ring.keys(), (std::vector<Bytes>{kA, kB, kC}));
  EXPECT_TRUE(ring.contains(kC));
}

TEST(Keyring, InstallRefusesABadLengthAndChangesNothing) {
  Keyring ring = ring_of(kA);
  const Keyring before = ring;
  EXPECT_EQ(ring.install(key_of(17, 1)).error(), Error::bad_key);
  EXPECT_EQ(ring, before);
}

TEST(Keyring, UseMakesAnInstalledKeyPrimaryAndKeepsTheOthersInOrder) {
  Keyring ring = ring_of(kA, {kB, kC});
  ASSERT_TRUE(ring.use(kC).ok());
  EXPECT_EQ(ring.keys(), (std::vector<Bytes>{kC, kA, kB}));
  ASSERT_TRUE(ring.use(kC).ok());
  EXPECT_EQ(ring.keys(), (std::vector<Bytes>{kC, kA, kB}));
}

TEST(Keyring, UseOfAKeyNotInstalledIsUnknownKey) {
  Keyring ring = ring_of(kA, {kB});
  const Keyring before = ring;
  EXPECT_EQ(ring.use(kC).error(), Error::unknown_key);
  EXPECT_EQ(ring, before);
}

TEST(Keyring, RemovingThePrimaryKeyIsRefused) {
  Keyring ring = ring_of(kA, {kB});
  EXPECT_EQ(ring.remove(kA).error(), Error::primary_key);
  EXPECT_EQ(ring.keys(), (std::vector<Bytes>{kA, kB}));
}

TEST(Keyring, RemoveDropsASecondaryKeyAndIgnoresOneNotInstalled) {
  Keyring ring = ring_of(kA, {kB, kC});
  ASSERT_TRUE(ring.remove(kB).ok());
  EXPECT_EQ(ring.keys(), (std::vector<Bytes>{kA, kC}));
  EXPECT_TRUE(ring.remove(kB).ok());
  EXPECT_EQ(ring.keys(), (std::vector<Bytes>{kA, kC}));
}

TEST(Keyring, RotatingInstallUseRemoveLeavesOnlyTheNewKey) {
  Keyring ring = ring_of(kA);
  ASSERT_TRUE(ring.install(kC).ok());
  ASSERT_TRUE(ring.use(kC).ok());
  ASSERT_TRUE(ring.remove(kA).ok());
  EXPECT_EQ(ring.keys(), (std::vector<Bytes>{kC}));
}

TEST(Base64, EncodesTheRfc4648Examples) {
  const std::pair<const char*, const char*> cases[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, text] : cases) {
    EXPECT_EQ(base64_encode(as_bytes(plain)), text);
    auto decoded = base64_decode(text);
    ASSERT_TRUE(decoded.ok()) << text;
    EXPECT_EQ(*decoded, Bytes(as_bytes(plain).begin(), as_bytes(plain).end())) << text;
  }
}

RC_GTEST_PROP(Base64, DecodingTheEncodingGivesBackTheBytes, (const Bytes& data)) {
  auto decoded = base64_decode(base64_encode(data));
  RC_ASSERT(decoded.ok());
  RC_ASSERT(*decoded == data);
}

TEST(Base64, MalformedTextIsBadValue) {
  for (const char* text : {"Zg", "Zg=", "Zm9vY", "Zm9v!A==", "Zm 9",
                           "Zg==Zg==", "=Zg=", "Z===", "====", "Zm9v\nYmFy", "Zg=a"}) {
    EXPECT_EQ(base64_decode(text).error(), Error::bad_value) << text;
  }
}

TEST(Base64, TheEncryptedCapturesKeyIs32Bytes) {
  // The key in the header of tests/data/vectors/encrypted.vectors.txt.
  auto key = key_from_base64("SGVsbG9SdW1vclRlc3RLZXkzMkJ5dGVzTG9uZyEhISE=");
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(std::string(key->begin(), key->end()), "HelloRumorTestKey32BytesLong!!!!");
  EXPECT_EQ(base64_encode(*key), "SGVsbG9SdW1vclRlc3RLZXkzMkJ5dGVzTG9uZyEhISE=");
}

TEST(Base64, AKeyFromTextMustBeBase64OfAValidKeySize) {
  EXPECT_EQ(key_from_base64("not base64!").error(), Error::bad_key);
  EXPECT_EQ(key_from_base64(base64_encode(key_of(20, 1))).error(), Error::bad_key);
  EXPECT_TRUE(key_from_base64(base64_encode(kB)).ok());
}

}  // namespace
}  // namespace rumor::codec::test
