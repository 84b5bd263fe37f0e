#include "serf/ping_payload.hpp"

#include "codec/msgpack.hpp"

namespace rumor::serf {

using codec::Error;
namespace mp = codec::msgpack;

void encode_coordinate(const Coordinate& c, Bytes& out) {
  mp::Writer w(out);
  w.reserve(64 + 9 * c.vec.size());
  w.write_map_header(4);
  w.write_string("Adjustment");
  w.write_float(c.adjustment);
  w.write_string("Error");
  w.write_float(c.error);
  w.write_string("Height");
  w.write_float(c.height);
  w.write_string("Vec");
  if (c.vec.empty()) {
    w.write_nil();
  } else {
    w.write_array_header(static_cast<std::uint32_t>(c.vec.size()));
    for (double x : c.vec) w.write_float(x);
  }
}

codec::Result<Coordinate> decode_coordinate(ByteView in) {
  mp::Reader r(in);
  Coordinate c;
  const codec::Status st = r.read_struct([&](std::string_view key) -> codec::Status {
    if (key == "Adjustment") return r.read_into(c.adjustment);
    if (key == "Error") return r.read_into(c.error);
    if (key == "Height") return r.read_into(c.height);
    if (key == "Vec") {
      if (r.is_nil()) return r.read_nil();
      auto n = r.read_array_header();
      if (!n) return n.error();
      c.vec.resize(*n);
      for (double& x : c.vec) {
        if (auto s = r.read_into(x); !s) return s;
      }
      return codec::Ok{};
    }
    return r.skip();
  });
  if (!st) return st.error();
  return c;
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
