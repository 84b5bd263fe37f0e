// Fuzzes decode_push_pull and decode_push_pull_view on a body after the [6] type byte;
// what decodes must be stable, and the view must read what the owning decoder reads.
#include "fuzz_check.hpp"

using namespace rumor;
using namespace rumor::codec;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::check_stable(decode_push_pull(ByteView(data, size)), decode_push_pull);
  fuzz::check_push_pull_view(ByteView(data, size));
  return 0;
}
