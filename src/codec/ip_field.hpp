// How an Ip travels inside a msgpack map: as raw bytes of its length (4 or 16), nil when
// absent. Shared by the message and push/pull codecs.
#pragma once

#include "codec/ip.hpp"
#include "codec/msgpack.hpp"
#include "codec/result.hpp"

namespace rumor::codec {

// Writes the address as raw bytes, or c0 (a Go nil slice) when it is empty.
void write_ip(msgpack::Writer& w, const Ip& ip);

// Reads a raw of 0, 4 or 16 bytes (nil is empty); any other length is Error::bad_value.
Status read_ip(msgpack::Reader& r, Ip& out);

}  // namespace rumor::codec
