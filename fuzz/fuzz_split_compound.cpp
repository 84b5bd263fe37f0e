// Fuzzes split_compound: parts stay inside the body, and joining them again splits back
// to the same parts.
#include "fuzz_check.hpp"

using namespace rumor;
using namespace rumor::codec;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView body(data, size);
  auto parts = split_compound(body);
  if (!parts.ok()) return 0;
  FUZZ_CHECK(parts->parts.size() + parts->truncated == body[0]);
  for (ByteView p : parts->parts) {
    FUZZ_CHECK(p.data() >= body.data() && p.data() + p.size() <= body.data() + body.size());
  }
  Bytes joined;
  append_compound(parts->parts, joined);
  auto again = split_compound(ByteView(joined).subspan(1));
  FUZZ_CHECK(again.ok() && again->truncated == 0);
  FUZZ_CHECK(again->parts.size() == parts->parts.size());
  for (std::size_t i = 0; i < again->parts.size(); ++i) {
    FUZZ_CHECK(Bytes(again->parts[i].begin(), again->parts[i].end()) ==
               Bytes(parts->parts[i].begin(), parts->parts[i].end()));
  }
  return 0;
}
