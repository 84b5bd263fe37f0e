// Fuzzes open_stream (label, compression) and the decoder of whatever message it yields.
#include "fuzz_check.hpp"

using namespace rumor;
using namespace rumor::codec;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto opened = open_stream(ByteView(data, size), "");
  if (opened.ok()) fuzz::decode_and_check(opened->type, opened->body);
  return 0;
}
