// The compress message [9]{Algo, Buf}: LZW of a whole inner message ([type][body]).
// Algo 0 is LZW, the only algorithm memberlist has ever sent; others are refused.
#include "codec/msgpack.hpp"
#include "codec/packet.hpp"

namespace rumor::codec {
namespace {
constexpr std::uint8_t kAlgoLzw = 0;
}

Bytes compress_message(ByteView msg) {
  const Bytes lzw = lzw_compress(msg);
  Bytes out;
  out.reserve(lzw.size() + 16);
  out.push_back(static_cast<std::uint8_t>(MessageType::compress));
  msgpack::Writer w(out);
  w.write_map_header(2);
  w.write_string("Algo");
  w.write_uint(kAlgoLzw);
  w.write_string("Buf");
  w.write_raw(lzw);
  return out;
}

Result<Bytes> decompress_message(ByteView body, std::size_t max_out) {
  msgpack::Reader r(body);
  std::uint8_t algo = kAlgoLzw;
  ByteView buf;
  Status st = r.read_struct([&](std::string_view k) -> Status {
    if (k == "Algo") return r.read_into(algo);
    if (k == "Buf") {
      auto v = r.read_raw();
      if (!v) return v.error();
      buf = *v;
      return Ok{};
    }
    return r.skip();
  });
  if (!st) return st.error();
  if (algo != kAlgoLzw) return Error::bad_compression;
  return lzw_decompress(buf, max_out);
}

}  // namespace rumor::codec
