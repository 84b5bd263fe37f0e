// Writes a seed corpus for each fuzz target from the captured vectors, using the codec
// itself to peel the layers: whole packets and streams, and every layer found inside.
// Usage: fuzz_seeds <plain.vectors.txt> <output dir>; one subdirectory per target.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "codec/packet.hpp"

using namespace rumor;
using namespace rumor::codec;
namespace fs = std::filesystem;

namespace {

Bytes from_hex(const std::string& text) {
  Bytes out;
  for (std::size_t i = 0; i + 1 < text.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(std::stoi(text.substr(i, 2), nullptr, 16)));
  }
  return out;
}

class Seeds {
 public:
  explicit Seeds(fs::path root) : root_(std::move(root)) {}
  void add(const std::string& target, ByteView bytes) {
    const fs::path dir = root_ / target;
    fs::create_directories(dir);
    std::ofstream out(dir / ("seed-" + std::to_string(count_++)), std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
  }
  // Records every layer of a message (below any CRC) for the targets that take it.
  void walk(ByteView msg, int depth = 0) {
    if (msg.empty() || depth > 4) return;
    add("fuzz_messages", msg);
    const ByteView body = msg.subspan(1);
    add("fuzz_msgpack_skip", body);
    if (msg[0] == static_cast<std::uint8_t>(MessageType::compress)) {
      auto inner = decompress_message(body);
      if (!inner.ok()) return;
      add("fuzz_lzw", lzw_compress(*inner));
      walk(*inner, depth + 1);
    } else if (msg[0] == static_cast<std::uint8_t>(MessageType::compound)) {
      add("fuzz_split_compound", body);
      auto parts = split_compound(body);
      if (!parts.ok()) return;
      for (ByteView p : parts->parts) walk(p, depth + 1);
    } else if (msg[0] == static_cast<std::uint8_t>(MessageType::push_pull)) {
      add("fuzz_push_pull", body);
    }
  }

 private:
  fs::path root_;
  int count_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: fuzz_seeds <plain.vectors.txt> <output dir>\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "cannot open " << argv[1] << "\n";
    return 1;
  }
  Seeds seeds(argv[2]);
  std::string line;
  int packets = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string kind, a, b, c, hex;
    fields >> kind;
    if (kind == "udp") {
      fields >> a >> b >> hex;
      const Bytes packet = from_hex(hex);
      seeds.add("fuzz_open_packet", packet);
      const bool crc =
          !packet.empty() && packet[0] == static_cast<std::uint8_t>(MessageType::has_crc);
      seeds.walk(crc ? ByteView(packet).subspan(kCrcOverhead) : ByteView(packet));
    } else if (kind == "tcp") {
      fields >> a >> b >> c >> hex;
      const Bytes stream = from_hex(hex);
      seeds.add("fuzz_open_stream", stream);
      seeds.walk(stream);
    } else {
      continue;
    }
    ++packets;
  }
  if (packets == 0) {
    std::cerr << "no vectors found in " << argv[1] << "\n";
    return 1;
  }
  std::cout << "seeded from " << packets << " captured packets and streams\n";
  return 0;
}
