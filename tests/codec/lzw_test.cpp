// LZW as Go's compress/lzw (LSB, 8-bit literals): exact output, round trips over the
// dictionary reset, and malformed streams refused.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <random>

#include "codec/packet.hpp"
#include "test_support.hpp"

namespace rumor::codec::test {
namespace {

// Packs codes LSB-first the way Go's writer does, to build streams by hand.
class Codes {
 public:
  Codes& put(std::uint32_t code, std::uint32_t width) {
    bits_ |= std::uint64_t{code} << nbits_;
    nbits_ += width;
    while (nbits_ >= 8) {
      out_.push_back(static_cast<std::uint8_t>(bits_));
      bits_ >>= 8;
      nbits_ -= 8;
    }
    return *this;
  }
  Bytes done() {
    if (nbits_ > 0) out_.push_back(static_cast<std::uint8_t>(bits_));
    return out_;
  }

 private:
  Bytes out_;
  std::uint64_t bits_ = 0;
  std::uint32_t nbits_ = 0;
};

TEST(Lzw, EmptyInputIsAClearCodeThenTheEndCode) {
  EXPECT_EQ(to_hex(lzw_compress({})), to_hex(Codes().put(256, 9).put(257, 9).done()));
  auto back = lzw_decompress(lzw_compress({}));
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->empty());
}

TEST(Lzw, TheWriterEmitsAClearCodeFirst) {
  // "abab" -> clear, 'a', 'b', 258 ("ab"), end.
  EXPECT_EQ(to_hex(lzw_compress(as_bytes("abab"))),
            to_hex(Codes().put(256, 9).put('a', 9).put('b', 9).put(258, 9).put(257, 9).done()));
}

TEST(Lzw, ACodeDefinedByItsOwnUseExpandsToPreviousPlusItsFirstByte) {
  // "aaaa" -> 'a', 258 ("aa", used as it is being defined), 'a'.
  const Bytes stream = Codes().put(256, 9).put('a', 9).put(258, 9).put('a', 9).put(257, 9).done();
  EXPECT_EQ(to_hex(lzw_compress(as_bytes("aaaa"))), to_hex(stream));
  auto back = lzw_decompress(stream);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(to_hex(*back), to_hex(as_bytes("aaaa")));
}

TEST(Lzw, CodesWidenTo10BitsWhenCode512IsReached) {
  // 256 distinct pairs force codes 258..513; check the round trip across the width change.
  Bytes input;
  for (int i = 0; i < 300; ++i) {
    input.push_back(static_cast<std::uint8_t>(i));
    input.push_back(static_cast<std::uint8_t>(i * 7));
  }
  auto back = lzw_decompress(lzw_compress(input));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, input);
}

Bytes pseudo_random(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  Bytes out(n);
  for (auto& b : out) b = static_cast<std::uint8_t>(rng() % 16);  // some repetition
  return out;
}

TEST(Lzw, LongInputsRoundTripAcrossDictionaryResets) {
  for (std::size_t n : {4000u, 5000u, 100000u}) {
    const Bytes input = pseudo_random(n, static_cast<std::uint32_t>(n));
    const Bytes packed = lzw_compress(input);
    auto back = lzw_decompress(packed);
    ASSERT_TRUE(back.ok()) << n;
    EXPECT_EQ(*back, input) << n;
  }
  const Bytes zeros(1 << 20, 0);
  auto back = lzw_decompress(lzw_compress(zeros));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, zeros);
}

TEST(Lzw, AStreamThatFillsTheTableWithoutAClearKeepsDecoding) {
  // Go's reader keeps going with a full table when a writer (not Go's) never clears.
  Codes codes;
  codes.put(256, 9);
  Bytes expected;
  std::uint32_t hi = 257, width = 9;
  for (int i = 0; i < 5000; ++i) {
    const auto lit = static_cast<std::uint8_t>(i % 251);
    codes.put(lit, width);
    expected.push_back(lit);
    if (hi < 4095 && ++hi >= (1u << width) && width < 12) ++width;
  }
  codes.put(4095, 12);  // the last code defined before the table filled
  codes.put(257, 12);
  auto back = lzw_decompress(codes.done());
  ASSERT_TRUE(back.ok()) << to_string(back.error());
  ASSERT_GE(back->size(), expected.size());
  EXPECT_EQ(Bytes(back->begin(), back->begin() + static_cast<std::ptrdiff_t>(expected.size())),
            expected);
}

TEST(Lzw, BytesAfterTheEndCodeAreIgnored) {
  Bytes stream = lzw_compress(as_bytes("hello"));
  stream.push_back(0xff);
  stream.push_back(0xff);
  auto back = lzw_decompress(stream);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(to_hex(*back), to_hex(as_bytes("hello")));
}

TEST(Lzw, AStreamWithoutTheEndCodeIsBadCompression) {
  const Bytes stream = lzw_compress(as_bytes("hello world"));
  for (std::size_t n = 0; n + 1 < stream.size(); ++n) {
    EXPECT_EQ(lzw_decompress(ByteView(stream).first(n)).error(), Error::bad_compression) << n;
  }
}

TEST(Lzw, ACodeNotYetDefinedIsBadCompression) {
  EXPECT_EQ(lzw_decompress(Codes().put(256, 9).put(300, 9).put(257, 9).done()).error(),
            Error::bad_compression);
  // 258 right after a clear has nothing to extend.
  EXPECT_EQ(lzw_decompress(Codes().put(256, 9).put(258, 9).put(257, 9).done()).error(),
            Error::bad_compression);
}

TEST(Lzw, OutputBeyondTheCapIsTooLarge) {
  const Bytes packed = lzw_compress(Bytes(10000, 'z'));
  EXPECT_EQ(lzw_decompress(packed, 9999).error(), Error::too_large);
  auto exact = lzw_decompress(packed, 10000);
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(exact->size(), 10000u);
}

RC_GTEST_PROP(Lzw, DecompressUndoesCompress, (const Bytes& input)) {
  auto back = lzw_decompress(lzw_compress(input));
  RC_ASSERT(back.ok());
  RC_ASSERT(*back == input);
}

RC_GTEST_PROP(Lzw, DecompressUndoesCompressOfLongRepetitiveInputs, ()) {
  const auto alphabet = *rc::gen::inRange<int>(1, 256);
  const auto n = *rc::gen::inRange<std::size_t>(0, 20000);
  const auto seed = *rc::gen::arbitrary<std::uint32_t>();
  std::mt19937 rng(seed);
  Bytes input(n);
  for (auto& b : input) b = static_cast<std::uint8_t>(rng() % static_cast<unsigned>(alphabet));
  auto back = lzw_decompress(lzw_compress(input));
  RC_ASSERT(back.ok());
  RC_ASSERT(*back == input);
}

RC_GTEST_PROP(Lzw, DecompressOfArbitraryBytesNeverExceedsTheCap, (const Bytes& junk)) {
  auto out = lzw_decompress(junk, 1000);
  if (out.ok()) RC_ASSERT(out->size() <= 1000u);
}

}  // namespace
}  // namespace rumor::codec::test
