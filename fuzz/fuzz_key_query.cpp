// Fuzzes Serf's key queries from both ends: a member answering an arbitrary request
// (answer_key_query on a live keyring) and the querier tallying an arbitrary response
// (KeyResponse::add). The first byte picks the op; the rest is the payload. Oracles: no
// crash, the ring always keeps a valid primary, an answer survives encode/decode, and
// the tally's counts stay consistent.
#include <algorithm>

#include "fuzz_check.hpp"
#include "serf/keys.hpp"

using namespace rumor;
using namespace rumor::serf;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const ByteView in(data, size);
  const ByteView payload = in.subspan(1);
  const auto op = static_cast<KeyOp>(in[0] % 4);

  static const Bytes kPrimary(32, 0x42);
  auto ring = *codec::Keyring::create(kPrimary, {Bytes(16, 0x17)});
  const KeyResponseMsg answer = answer_key_query(op, payload, (in[0] & 4) ? nullptr : &ring);
  FUZZ_CHECK(!ring.keys().empty());
  FUZZ_CHECK(codec::validate_key(ring.primary()).ok());
  // Only use-key may change the primary; nothing may drop it.
  FUZZ_CHECK(ring.contains(kPrimary));
  if (op != KeyOp::use) FUZZ_CHECK(std::ranges::equal(ring.primary(), kPrimary));
  const Bytes wire = encoded(answer);
  auto back = decode_key_response(ByteView(wire).subspan(1));
  FUZZ_CHECK(back.ok());
  FUZZ_CHECK(*back == answer);

  if (!payload.empty()) {
    codec::fuzz::check_stable(decode_key_request(payload.subspan(1)), decode_key_request);
    codec::fuzz::check_stable(decode_key_response(payload.subspan(1)), decode_key_response);
  }
  KeyResponse tally;
  tally.num_nodes = 2;
  tally.add("a", payload);
  tally.add("b", wire);
  FUZZ_CHECK(tally.num_resp == 2);
  FUZZ_CHECK(tally.num_err <= tally.num_resp);
  FUZZ_CHECK(tally.messages.size() <= tally.num_err);
  FUZZ_CHECK(tally.error().has_value() == (tally.num_err != 0));
  return 0;
}
