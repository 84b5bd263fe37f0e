// How an Ip travels inside a msgpack map: as raw bytes of its length (4 or 16), nil when
// absent. Written by wire::write_value (wire_struct.hpp); read here, with its check.
#pragma once

#include "codec/ip.hpp"
#include "codec/msgpack.hpp"
#include "codec/result.hpp"

namespace rumor::codec {

// Reads a raw of 0, 4 or 16 bytes (nil is empty); any other length is Error::bad_value.
Status read_ip(msgpack::Reader& r, Ip& out);

}  // namespace rumor::codec
