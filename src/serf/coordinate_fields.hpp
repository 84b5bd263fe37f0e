// Serf's coordinate.Coordinate as Go's codec writes it (keys sorted, float64s, a nil Vec
// when empty), for the ping payload and the agent RPC's get-coordinate alike: with short
// keys and no byte slices, both codecs give the same bytes.
#pragma once

#include "codec/wire_struct.hpp"
#include "serf/coordinate.hpp"

namespace rumor::serf {

constexpr auto wire_fields(const Coordinate*) {
  using codec::wire::field;
  return codec::wire::fields(field("Adjustment", &Coordinate::adjustment),
                             field("Error", &Coordinate::error),
                             field("Height", &Coordinate::height),
                             field("Vec", &Coordinate::vec, codec::wire::IfEmpty::nil));
}

}  // namespace rumor::serf
