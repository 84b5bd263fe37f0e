// Fuzzes the msgpack Reader: skip() over a stream of values, and struct reading that
// skips every field. The position only moves forward and never past the input.
#include "codec/msgpack.hpp"
#include "fuzz_check.hpp"

using namespace rumor;
using namespace rumor::codec;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView in(data, size);
  msgpack::Reader r(in);
  while (!r.at_end()) {
    const std::size_t before = r.offset();
    if (!r.skip().ok()) break;
    FUZZ_CHECK(r.offset() > before && r.offset() <= size);
  }
  msgpack::Reader s(in);
  (void)s.read_struct([&](std::string_view) { return s.skip(); });
  FUZZ_CHECK(s.offset() <= size);
  return 0;
}
