// The Reader accepts everything a Go peer may legally send, checks every bound, and
// reports malformed input as an Error instead of crashing.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstring>
#include <limits>
#include <string>

#include "codec/msgpack.hpp"
#include "test_support.hpp"

namespace rumor::codec::test {
namespace {

using msgpack::Kind;
using msgpack::Reader;

std::string raw_text(const Bytes& in) {
  Reader r(in);
  auto v = r.read_string();
  EXPECT_TRUE(v.ok());
  EXPECT_TRUE(r.at_end());
  return v.ok() ? *v : std::string("<error>");
}

TEST(MsgpackReader, AcceptsEveryStrAndBinFormAsRaw) {
  EXPECT_EQ(raw_text(hex("a3 616263")), "abc");
  EXPECT_EQ(raw_text(hex("d9 03 616263")), "abc");
  EXPECT_EQ(raw_text(hex("da 0003 616263")), "abc");
  EXPECT_EQ(raw_text(hex("db 00000003 616263")), "abc");
  EXPECT_EQ(raw_text(hex("c4 03 616263")), "abc");
  EXPECT_EQ(raw_text(hex("c5 0003 616263")), "abc");
  EXPECT_EQ(raw_text(hex("c6 00000003 616263")), "abc");
}

TEST(MsgpackReader, NilReadsAsAnEmptyRaw) {
  EXPECT_EQ(raw_text(hex("c0")), "");
}

TEST(MsgpackReader, ARawLongerThanTheInputIsTruncated) {
  const Bytes in = hex("db ffffffff 00");
  Reader r(in);
  EXPECT_EQ(r.read_raw().error(), Error::truncated);
}

TEST(MsgpackReader, AnyIntegerFormReadsIntoAnyIntegerFieldWhenTheValueFits) {
  for (const char* form : {"05", "cc05", "cd0005", "ce00000005", "cf0000000000000005", "d005",
                           "d10005", "d200000005", "d30000000000000005"}) {
    const Bytes in = hex(form);
    Reader r(in);
    std::uint8_t u8 = 0;
    ASSERT_TRUE(r.read_into(u8).ok()) << form;
    EXPECT_EQ(u8, 5) << form;
    Reader s(in);
    std::int16_t i16 = 0;
    ASSERT_TRUE(s.read_into(i16).ok()) << form;
    EXPECT_EQ(i16, 5) << form;
  }
}

TEST(MsgpackReader, AValueThatDoesNotFitTheFieldIsBadValue) {
  auto as_u8 = [](const char* h) {
    const Bytes in = hex(h);
    Reader r(in);
    std::uint8_t v = 0;
    return r.read_into(v);
  };
  EXPECT_EQ(as_u8("cd0100").error(), Error::bad_value);  // 256
  EXPECT_EQ(as_u8("ff").error(), Error::bad_value);      // -1
  EXPECT_EQ(as_u8("d0ff").error(), Error::bad_value);    // -1 as int8
  EXPECT_TRUE(as_u8("ccff").ok());

  const Bytes huge = hex("cf8000000000000000");  // 2^63
  Reader r(huge);
  std::int64_t i = 0;
  EXPECT_EQ(r.read_into(i).error(), Error::bad_value);

  const Bytes min16 = hex("d18000");
  Reader r16(min16);
  std::int16_t i16 = 0;
  ASSERT_TRUE(r16.read_into(i16).ok());
  EXPECT_EQ(i16, std::numeric_limits<std::int16_t>::min());
}

TEST(MsgpackReader, NegativeFormsSignExtend) {
  const Bytes in = hex("e0 d080 d1ff7f d2ffff7fff d38000000000000000");
  Reader r(in);
  EXPECT_EQ(*r.read_int(), -32);
  EXPECT_EQ(*r.read_int(), -128);
  EXPECT_EQ(*r.read_int(), -129);
  EXPECT_EQ(*r.read_int(), -32769);
  EXPECT_EQ(*r.read_int(), std::numeric_limits<std::int64_t>::min());
  EXPECT_TRUE(r.at_end());
}

TEST(MsgpackReader, AValueOfTheWrongKindIsBadType) {
  const Bytes in = hex("a1 61");
  Reader r(in);
  EXPECT_EQ(r.read_uint().error(), Error::bad_type);
  Reader b(in);
  EXPECT_EQ(b.read_bool().error(), Error::bad_type);
  const Bytes num = hex("05");
  Reader s(num);
  EXPECT_EQ(s.read_raw().error(), Error::bad_type);
}

TEST(MsgpackReader, NilReadsAsZeroFalseAndEmptyContainers) {
  const Bytes in = hex("c0 c0 c0 c0 c0");
  Reader r(in);
  EXPECT_EQ(*r.read_uint(), 0u);
  EXPECT_EQ(*r.read_int(), 0);
  EXPECT_EQ(*r.read_bool(), false);
  EXPECT_EQ(*r.read_map_header(), 0u);
  EXPECT_EQ(*r.read_array_header(), 0u);
}

TEST(MsgpackReader, FloatsAcceptFloat32Float64AndIntegers) {
  const Bytes in = hex("cb3ff8000000000000 ca3fc00000 07 ff");
  Reader r(in);
  EXPECT_EQ(*r.read_float(), 1.5);
  EXPECT_EQ(*r.read_float(), 1.5);
  EXPECT_EQ(*r.read_float(), 7.0);
  EXPECT_EQ(*r.read_float(), -1.0);
}

TEST(MsgpackReader, ACountThatCannotFitInTheRemainingBytesIsTruncatedBeforeAnyLoop) {
  const Bytes map = hex("df ffffffff 00");
  Reader m(map);
  EXPECT_EQ(m.read_map_header().error(), Error::truncated);
  const Bytes arr = hex("dd ffffffff 00");
  Reader a(arr);
  EXPECT_EQ(a.read_array_header().error(), Error::truncated);
}

TEST(MsgpackReader, StructsAcceptAnyKeyOrderSkipUnknownKeysAndLeaveMissingOnes) {
  // {Zed: [1, {a: nil}], SeqNo: 9, Node: "b"} and no Port.
  const Bytes in = hex("83 a3 5a6564 92 01 81 a1 61 c0 a5 5365714e6f 09 a4 4e6f6465 a1 62");
  Reader r(in);
  std::uint32_t seq = 0;
  std::string node;
  std::uint16_t port = 77;
  Status st = r.read_struct([&](std::string_view k) -> Status {
    if (k == "SeqNo") return r.read_into(seq);
    if (k == "Node") return r.read_into(node);
    if (k == "Port") return r.read_into(port);
    return r.skip();
  });
  ASSERT_TRUE(st.ok()) << to_string(st.error());
  EXPECT_EQ(seq, 9u);
  EXPECT_EQ(node, "b");
  EXPECT_EQ(port, 77);
  EXPECT_TRUE(r.at_end());
}

TEST(MsgpackReader, StructKeysMustBeStrings) {
  const Bytes in = hex("81 01 02");
  Reader r(in);
  Status st = r.read_struct([&](std::string_view) { return r.skip(); });
  EXPECT_EQ(st.error(), Error::bad_type);
}

Bytes nested_arrays(int depth) {
  Bytes out(static_cast<std::size_t>(depth), 0x91);  // [[[...]]]
  out.push_back(0x01);
  return out;
}

TEST(MsgpackReader, SkipAcceptsNestingUpToTheDepthLimit) {
  const Bytes in = nested_arrays(msgpack::kMaxDepth);
  Reader r(in);
  EXPECT_TRUE(r.skip().ok());
  EXPECT_TRUE(r.at_end());
}

TEST(MsgpackReader, SkipRefusesNestingBeyondTheDepthLimit) {
  const Bytes in = nested_arrays(msgpack::kMaxDepth + 1);
  Reader r(in);
  EXPECT_EQ(r.skip().error(), Error::too_deep);
  const Bytes deep = nested_arrays(100000);
  Reader d(deep);
  EXPECT_EQ(d.skip().error(), Error::too_deep);
}

TEST(MsgpackReader, SkipStepsOverEveryKindOfValue) {
  const Bytes in =
      hex("c0 c2 c3 7f e0 cc01 cd0001 ce00000001 cf0000000000000001 d001 d10001 d200000001 "
          "d30000000000000001 ca00000000 cb0000000000000000 a0 d900 da0000 db00000000 c400 c50000 "
          "c600000000 90 dc0000 dd00000000 80 de0000 df00000000 d40100 d5010000 d60100000000 "
          "d7010000000000000000 d801 00000000000000000000000000000000 c70101ff c8000101ff "
          "c90000000101ff");
  Reader r(in);
  int values = 0;
  while (!r.at_end()) {
    Status st = r.skip();
    ASSERT_TRUE(st.ok()) << "value " << values << ": " << to_string(st.error());
    ++values;
  }
  EXPECT_EQ(values, 36);
}

TEST(MsgpackReader, TheNeverUsedTagC1IsBadType) {
  const Bytes in = hex("c1");
  EXPECT_EQ(*Reader(in).peek_kind(), Kind::ext);
  Reader r(in);
  EXPECT_EQ(r.skip().error(), Error::bad_type);
}

TEST(MsgpackReader, EveryStrictPrefixOfAValueFailsToSkip) {
  const Bytes in =
      hex("83 a3 5a6564 92 cd0102 81 a1 61 c70201abcd a5 5365714e6f cb3ff8000000000000"
          " a4 4e6f6465 da0003 616263");
  for (std::size_t n = 0; n < in.size(); ++n) {
    Reader r(ByteView(in).first(n));
    EXPECT_EQ(r.skip().error(), Error::truncated) << "prefix " << n;
  }
  Reader whole(in);
  EXPECT_TRUE(whole.skip().ok());
  EXPECT_TRUE(whole.at_end());
}

TEST(MsgpackReader, ExpectEndReportsTrailingBytes) {
  const Bytes in = hex("01 02");
  Reader r(in);
  ASSERT_TRUE(r.read_uint().ok());
  EXPECT_EQ(r.expect_end().error(), Error::trailing_bytes);
  ASSERT_TRUE(r.read_uint().ok());
  EXPECT_TRUE(r.expect_end().ok());
}

TEST(MsgpackReader, TakeReturnsBareBytesAndChecksTheLength) {
  const Bytes in = hex("01 aabbcc");
  Reader r(in);
  ASSERT_TRUE(r.read_uint().ok());
  EXPECT_EQ(r.take(4).error(), Error::truncated);
  auto v = r.take(3);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(to_hex(*v), "aabbcc");
}

RC_GTEST_PROP(MsgpackReader, WhatTheWriterWritesTheReaderReadsBack,
              (std::uint64_t u, std::int64_t i, bool b, double f, std::string s, Bytes raw)) {
  Bytes out;
  msgpack::Writer w(out);
  w.write_array_header(6);
  w.write_uint(u);
  w.write_int(i);
  w.write_bool(b);
  w.write_float(f);
  w.write_string(s);
  w.write_raw_or_nil(raw);

  Reader r(out);
  RC_ASSERT(*r.read_array_header() == 6u);
  RC_ASSERT(*r.read_uint() == u);
  RC_ASSERT(*r.read_int() == i);
  RC_ASSERT(*r.read_bool() == b);
  const double back = *r.read_float();
  RC_ASSERT(std::memcmp(&back, &f, sizeof f) == 0);
  RC_ASSERT(*r.read_string() == s);
  RC_ASSERT(*r.read_bytes() == raw);
  RC_ASSERT(r.at_end());
}

RC_GTEST_PROP(MsgpackReader, SkipNeverReadsPastTheInput, (Bytes junk)) {
  Reader r(junk);
  const Status st = r.skip();
  RC_ASSERT(r.offset() <= junk.size());
  if (st.ok()) RC_ASSERT(r.offset() > 0u);
}

}  // namespace
}  // namespace rumor::codec::test
