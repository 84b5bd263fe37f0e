// Fuzzes lzw_decompress, and checks that compress then decompress gives back the input,
// for the fuzzer's bytes and for whatever they decompress to.
#include "fuzz_check.hpp"

using namespace rumor;
using namespace rumor::codec;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView in(data, size);
  constexpr std::size_t kCap = 1 << 20;
  auto out = lzw_decompress(in, kCap);
  if (out.ok()) {
    FUZZ_CHECK(out->size() <= kCap);
    auto again = lzw_decompress(lzw_compress(*out), kCap);
    FUZZ_CHECK(again.ok() && *again == *out);
  }
  auto round = lzw_decompress(lzw_compress(in), size);
  FUZZ_CHECK(round.ok());
  FUZZ_CHECK(Bytes(in.begin(), in.end()) == *round);
  return 0;
}
