// The Writer produces exactly the bytes Go's msgpack codec produces (spec section 2),
// checked at every size boundary of every form.
#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "codec/msgpack.hpp"
#include "test_support.hpp"

namespace rumor::codec::test {
namespace {

using msgpack::IntStyle;
using msgpack::Writer;

template <class F>
std::string written(F&& f, IntStyle style = IntStyle::unsigned_forms) {
  Bytes out;
  Writer w(out, style);
  f(w);
  return to_hex(out);
}

std::string raw_header(std::size_t n) {
  const std::string s(n, 'x');
  Bytes out;
  Writer(out).write_string(s);
  EXPECT_EQ(out.size() - n, n < 32 ? 1u : n <= 0xffff ? 3u : 5u);
  out.resize(out.size() - n);
  return to_hex(out);
}

TEST(MsgpackWriter, StringsShorterThan32BytesAreFixstr) {
  EXPECT_EQ(raw_header(0), "a0");
  EXPECT_EQ(raw_header(1), "a1");
  EXPECT_EQ(raw_header(31), "bf");
}

TEST(MsgpackWriter, StringsFrom32BytesUseRaw16NeverStr8) {
  EXPECT_EQ(raw_header(32), "da0020");
  EXPECT_EQ(raw_header(255), "da00ff");
  EXPECT_EQ(raw_header(256), "da0100");
  EXPECT_EQ(raw_header(65535), "daffff");
}

TEST(MsgpackWriter, StringsAbove65535BytesUseRaw32) {
  EXPECT_EQ(raw_header(65536), "db00010000");
}

TEST(MsgpackWriter, ByteSlicesAreWrittenAsRawNotBin) {
  const Bytes data(40, 0xab);
  EXPECT_EQ(written([&](Writer& w) { w.write_raw(data); }).substr(0, 6), "da0028");
}

TEST(MsgpackWriter, AnEmptyGoNilSliceIsNil) {
  EXPECT_EQ(written([](Writer& w) { w.write_raw_or_nil({}); }), "c0");
  const Bytes one{7};
  EXPECT_EQ(written([&](Writer& w) { w.write_raw_or_nil(one); }), "a107");
}

TEST(MsgpackWriter, UnsignedValuesTakeTheSmallestUnsignedForm) {
  auto u = [](std::uint64_t v) { return written([v](Writer& w) { w.write_uint(v); }); };
  EXPECT_EQ(u(0), "00");
  EXPECT_EQ(u(127), "7f");
  EXPECT_EQ(u(128), "cc80");
  EXPECT_EQ(u(255), "ccff");
  EXPECT_EQ(u(256), "cd0100");
  EXPECT_EQ(u(65535), "cdffff");
  EXPECT_EQ(u(65536), "ce00010000");
  EXPECT_EQ(u(0xffffffffu), "ceffffffff");
  EXPECT_EQ(u(0x100000000u), "cf0000000100000000");
  EXPECT_EQ(u(std::numeric_limits<std::uint64_t>::max()), "cfffffffffffffffff");
}

// What the real peer (serf 0.8.2, go-msgpack v0.5) writes for a Go int: the unsigned forms.
TEST(MsgpackWriter, NonNegativeSignedValuesTakeUnsignedFormsByDefault) {
  auto i = [](std::int64_t v) { return written([v](Writer& w) { w.write_int(v); }); };
  EXPECT_EQ(i(0), "00");
  EXPECT_EQ(i(127), "7f");
  EXPECT_EQ(i(128), "cc80");
  EXPECT_EQ(i(200), "ccc8");
  EXPECT_EQ(i(255), "ccff");
  EXPECT_EQ(i(256), "cd0100");
  EXPECT_EQ(i(588), "cd024c");  // UserStateLen in the captured push/pull
  EXPECT_EQ(i(65535), "cdffff");
  EXPECT_EQ(i(65536), "ce00010000");
  EXPECT_EQ(i(2000000000), "ce77359400");  // a 2 s query Timeout in the capture
  EXPECT_EQ(i(std::numeric_limits<std::int64_t>::max()), "cf7fffffffffffffff");
}

// What go-msgpack v2 writes (spec section 2: 200 is d1 00 c8).
TEST(MsgpackWriter, SignedFormsStyleWritesPositiveValuesAbove127AsSignedInts) {
  auto i = [](std::int64_t v) {
    return written([v](Writer& w) { w.write_int(v); }, IntStyle::signed_forms);
  };
  EXPECT_EQ(i(127), "7f");
  EXPECT_EQ(i(128), "d10080");
  EXPECT_EQ(i(200), "d100c8");
  EXPECT_EQ(i(255), "d100ff");
  EXPECT_EQ(i(256), "d10100");
  EXPECT_EQ(i(32767), "d17fff");
  EXPECT_EQ(i(32768), "d200008000");
  EXPECT_EQ(i(65535), "d20000ffff");
  EXPECT_EQ(i(65536), "d200010000");
  EXPECT_EQ(i(2147483647), "d27fffffff");
  EXPECT_EQ(i(2147483648), "d30000000080000000");
}

TEST(MsgpackWriter, NegativeValuesTakeTheSmallestSignedForm) {
  for (IntStyle style : {IntStyle::unsigned_forms, IntStyle::signed_forms}) {
    auto i = [style](std::int64_t v) { return written([v](Writer& w) { w.write_int(v); }, style); };
    EXPECT_EQ(i(-1), "ff");
    EXPECT_EQ(i(-32), "e0");
    EXPECT_EQ(i(-33), "d0df");
    EXPECT_EQ(i(-128), "d080");
    EXPECT_EQ(i(-129), "d1ff7f");
    EXPECT_EQ(i(-32768), "d18000");
    EXPECT_EQ(i(-32769), "d2ffff7fff");
    EXPECT_EQ(i(-2147483648LL), "d280000000");
    EXPECT_EQ(i(-2147483649LL), "d3ffffffff7fffffff");
    EXPECT_EQ(i(std::numeric_limits<std::int64_t>::min()), "d38000000000000000");
  }
}

TEST(MsgpackWriter, ScalarsUseTheirSingleForms) {
  EXPECT_EQ(written([](Writer& w) { w.write_nil(); }), "c0");
  EXPECT_EQ(written([](Writer& w) { w.write_bool(false); }), "c2");
  EXPECT_EQ(written([](Writer& w) { w.write_bool(true); }), "c3");
  EXPECT_EQ(written([](Writer& w) { w.write_float(1.5); }), "cb3ff8000000000000");
  EXPECT_EQ(written([](Writer& w) { w.write_float(-0.0); }), "cb8000000000000000");
}

TEST(MsgpackWriter, ContainerHeadersTakeFixThen16Then32BitForms) {
  auto m = [](std::uint32_t n) { return written([n](Writer& w) { w.write_map_header(n); }); };
  auto a = [](std::uint32_t n) { return written([n](Writer& w) { w.write_array_header(n); }); };
  EXPECT_EQ(m(0), "80");
  EXPECT_EQ(m(15), "8f");
  EXPECT_EQ(m(16), "de0010");
  EXPECT_EQ(m(65535), "deffff");
  EXPECT_EQ(m(65536), "df00010000");
  EXPECT_EQ(a(0), "90");
  EXPECT_EQ(a(15), "9f");
  EXPECT_EQ(a(16), "dc0010");
  EXPECT_EQ(a(512), "dc0200");  // Serf's event buffer in the captured push/pull
  EXPECT_EQ(a(65536), "dd00010000");
}

TEST(MsgpackWriter, AppendsToWhatIsAlreadyInTheBuffer) {
  Bytes out{0x06};
  Writer(out).write_bool(true);
  EXPECT_EQ(to_hex(out), "06c3");
}

}  // namespace
}  // namespace rumor::codec::test
