#include "agent/rpc_writer.hpp"

namespace rumor::agent {

void RpcWriter::be(std::uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

void RpcWriter::str(std::string_view s) {
  const std::size_t n = s.size();
  if (n < 32) {
    out_.push_back(static_cast<std::uint8_t>(0xa0 | n));
  } else if (n < 256) {
    out_.push_back(0xd9);
    be(n, 1);
  } else if (n < 65536) {
    out_.push_back(0xda);
    be(n, 2);
  } else {
    out_.push_back(0xdb);
    be(n, 4);
  }
  out_.insert(out_.end(), s.begin(), s.end());
}

void RpcWriter::bin(ByteView b) {
  const std::size_t n = b.size();
  if (n == 0) {
    nil();
    return;
  }
  if (n < 256) {
    out_.push_back(0xc4);
    be(n, 1);
  } else if (n < 65536) {
    out_.push_back(0xc5);
    be(n, 2);
  } else {
    out_.push_back(0xc6);
    be(n, 4);
  }
  out_.insert(out_.end(), b.begin(), b.end());
}

}  // namespace rumor::agent
