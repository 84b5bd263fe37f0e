// Fuzzes every message decoder: the first byte picks the type, the rest is the body.
#include "fuzz_check.hpp"

using namespace rumor;
using namespace rumor::codec;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const ByteView in(data, size);
  fuzz::decode_and_check(static_cast<MessageType>(in[0] % 14), in.subspan(1));
  (void)decompress_message(in.subspan(1), 1 << 20);
  return 0;
}
