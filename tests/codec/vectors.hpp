// Loads the packets captured between two real Go serf agents (tests/data/vectors).
// Lines: `udp <time> <src_port>-><dst_port> <hex>` and
//        `tcp stream <n> <src>-><dst> <hex>` (one reassembled direction of a connection).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "codec/bytes.hpp"

namespace rumor::codec::test {

struct UdpVector {
  int line = 0;
  std::string time;
  std::string route;  // "45100->45101"
  Bytes payload;
};

struct TcpVector {
  int line = 0;
  int stream = 0;
  std::string route;  // "127.0.0.1:44322->127.0.0.1:45100"
  Bytes payload;
};

struct Vectors {
  std::vector<UdpVector> udp;
  std::vector<TcpVector> tcp;
};

// The file under RUMOR_VECTORS_DIR; nullopt (with `error` set) if it cannot be read or a
// line does not parse. Callers must fail, not skip, when it is missing.
std::optional<Vectors> load_vectors(const std::string& file_name, std::string& error);

}  // namespace rumor::codec::test
