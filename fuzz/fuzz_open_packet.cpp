// Fuzzes open_packet: label, CRC, compress and compound layers, then every message found.
// A packet that opens must open to the same messages after sealing each one again.
#include "fuzz_check.hpp"

using namespace rumor;
using namespace rumor::codec;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView packet(data, size);
  for (std::string_view label : {std::string_view(), std::string_view("fuzz")}) {
    auto opened = open_packet(packet, label);
    if (!opened.ok()) continue;
    FUZZ_CHECK(opened->label == label);
    for (const PacketMessage& m : opened->messages) {
      FUZZ_CHECK(m.type != MessageType::compress && m.type != MessageType::compound);
      fuzz::decode_and_check(m.type, m.body);
      Bytes msg{static_cast<std::uint8_t>(m.type)};
      msg.insert(msg.end(), m.body.begin(), m.body.end());
      const Bytes sealed = seal_packet(msg, {.label = label, .crc = true, .compress = true});
      auto reopened = open_packet(sealed, label);
      FUZZ_CHECK(reopened.ok());
      // The CRC layer is always added, so even a message of type [12] comes back as itself.
      FUZZ_CHECK(reopened->messages.size() == 1);
      FUZZ_CHECK(reopened->messages[0].type == m.type);
      FUZZ_CHECK(Bytes(reopened->messages[0].body.begin(), reopened->messages[0].body.end()) ==
                 Bytes(m.body.begin(), m.body.end()));
    }
  }
  return 0;
}
