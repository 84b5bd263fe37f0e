#include "serf/ping_payload.hpp"

#include "codec/msgpack.hpp"
#include "serf/coordinate_fields.hpp"

namespace rumor::serf {

using codec::Error;
namespace mp = codec::msgpack;

void encode_coordinate(const Coordinate& c, Bytes& out) {
  mp::Writer w(out);
  w.reserve(64 + 9 * c.vec.size());
  codec::wire::GossipWriter g(w);
  codec::wire::write(g, c);
}

codec::Result<Coordinate> decode_coordinate(ByteView in) {
  return codec::wire::decode<Coordinate>(in);
}

Bytes encode_ping_payload(const Coordinate& c) {
  Bytes out{kPingVersion};
  encode_coordinate(c, out);
  return out;
}

codec::Result<Coordinate> decode_ping_payload(ByteView payload) {
  if (payload.empty()) return Error::truncated;
  if (payload[0] != kPingVersion) return Error::bad_value;
  return decode_coordinate(payload.subspan(1));
}

}  // namespace rumor::serf
