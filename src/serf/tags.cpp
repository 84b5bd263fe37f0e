// Tags <-> node meta; see tags.hpp.
#include "serf/tags.hpp"

#include "codec/msgpack.hpp"

namespace rumor::serf {

Bytes encode_tags(const Tags& tags) {
  Bytes out{kTagMagicByte};
  codec::msgpack::Writer w(out);
  w.write_map_header(static_cast<std::uint32_t>(tags.size()));
  for (const auto& [k, v] : tags) {
    w.write_string(k);
    w.write_string(v);
  }
  return out;
}

codec::Result<Tags> decode_tags(ByteView meta) {
  Tags tags;
  if (meta.empty() || meta[0] != kTagMagicByte) {
    tags["role"] = std::string(meta.begin(), meta.end());
    return tags;
  }
  codec::msgpack::Reader r(meta.subspan(1));
  auto n = r.read_map_header();
  if (!n) return n.error();
  for (std::uint32_t i = 0; i < *n; ++i) {
    std::string k, v;
    if (auto st = r.read_into(k); !st) return st.error();
    if (auto st = r.read_into(v); !st) return st.error();
    tags[std::move(k)] = std::move(v);
  }
  return tags;
}

}  // namespace rumor::serf
