// What Serf puts in memberlist's ack payload: a version byte (PingVersion = 1), then
// our Vivaldi coordinate as Go's msgpack writes serf's coordinate.Coordinate struct (a
// map with keys Adjustment, Error, Height, Vec, in that byte-wise order; float64s as
// cb; Vec an array of float64, nil when empty).
#pragma once

#include <cstdint>

#include "codec/bytes.hpp"
#include "codec/result.hpp"
#include "serf/coordinate.hpp"

namespace rumor::serf {

inline constexpr std::uint8_t kPingVersion = 1;

void encode_coordinate(const Coordinate& c, Bytes& out);
// Any key order, unknown keys skipped, missing ones zero (as Go's decoder).
codec::Result<Coordinate> decode_coordinate(ByteView in);

Bytes encode_ping_payload(const Coordinate& c);
// Error::bad_value for another version; an empty payload (a peer without
// coordinates, or a relayed ack) is Error::truncated.
codec::Result<Coordinate> decode_ping_payload(ByteView payload);

}  // namespace rumor::serf
