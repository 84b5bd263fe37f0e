// Parser for the captured vector files; see vectors.hpp.
#include "vectors.hpp"

#include <fstream>
#include <sstream>

#include "test_support.hpp"

namespace rumor::codec::test {

std::optional<Vectors> load_vectors(const std::string& file_name, std::string& error) {
  const std::string path = std::string(RUMOR_VECTORS_DIR) + "/" + file_name;
  std::ifstream in(path);
  if (!in) {
    error = "cannot open " + path;
    return std::nullopt;
  }
  Vectors v;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string kind, hex_text;
    fields >> kind;
    if (kind == "udp") {
      UdpVector u;
      u.line = number;
      fields >> u.time >> u.route >> hex_text;
      u.payload = hex(hex_text);
      if (u.payload.size() * 2 != hex_text.size() || u.payload.empty()) {
        error = path + ":" + std::to_string(number) + ": bad udp line";
        return std::nullopt;
      }
      v.udp.push_back(std::move(u));
    } else if (kind == "tcp") {
      TcpVector t;
      t.line = number;
      std::string word;
      fields >> word >> t.stream >> t.route >> hex_text;
      t.payload = hex(hex_text);
      if (word != "stream" || t.payload.size() * 2 != hex_text.size() || t.payload.empty()) {
        error = path + ":" + std::to_string(number) + ": bad tcp line";
        return std::nullopt;
      }
      v.tcp.push_back(std::move(t));
    } else {
      error = path + ":" + std::to_string(number) + ": unknown line kind '" + kind + "'";
      return std::nullopt;
    }
  }
  return v;
}

}  // namespace rumor::codec::test
