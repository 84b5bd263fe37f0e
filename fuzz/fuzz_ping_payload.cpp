// Fuzzes Serf's ack payload, the one decoder network coordinates add: an arbitrary
// payload is decoded as a peer's coordinate and, when it decodes, fed to our Vivaldi
// client as a sample. Oracles: no crash; what decodes re-encodes to bytes that decode
// and encode the same; our own coordinate stays valid (no NaN or infinity) whatever
// the peer claims.
#include "fuzz_check.hpp"
#include "serf/coordinate.hpp"
#include "serf/ping_payload.hpp"
#include "serf/vivaldi.hpp"

using namespace rumor;
using namespace rumor::serf;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto decoded = decode_ping_payload(ByteView(data, size));
  if (!decoded.ok()) return 0;
  const Bytes once = encode_ping_payload(*decoded);
  const auto again = decode_ping_payload(once);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(encode_ping_payload(*again) == once);

  static VivaldiClient client(CoordinateConfig{}, 1);
  const auto rtt = std::chrono::microseconds(size == 0 ? 1 : data[0] * 997 + 1);
  client.update("peer", *decoded, rtt);
  FUZZ_CHECK(client.coordinate().valid());
  return 0;
}
