// Standard base64 (RFC 4648, with padding), the text form of Serf's encryption keys
// (`serf keygen`, the agent's -encrypt flag, the keyring RPC commands).
#pragma once

#include <string>
#include <string_view>

#include "codec/bytes.hpp"
#include "codec/result.hpp"

namespace rumor::codec {

std::string base64_encode(ByteView data);

// Error::bad_value for a length that is not a multiple of 4, a character outside the
// alphabet or misplaced padding. Departure from Go's StdEncoding: it skips \r and \n,
// we refuse them (keys are one short line).
Result<Bytes> base64_decode(std::string_view text);

}  // namespace rumor::codec
