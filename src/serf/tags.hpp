// Serf tags in memberlist node meta: 0xFF followed by a msgpack map[string]string. Meta
// without the magic byte is the legacy form (Serf protocol < 3): the whole meta is the
// value of the "role" tag.
#pragma once

#include <map>
#include <string>

#include "codec/bytes.hpp"
#include "codec/result.hpp"
#include <rumor/export.hpp>

RUMOR_PUBLIC_BEGIN
namespace rumor::serf {

using Tags = std::map<std::string, std::string>;

inline constexpr std::uint8_t kTagMagicByte = 0xFF;

// 0xFF + map with keys sorted (Go writes its map in random order; sorted is one of them).
Bytes encode_tags(const Tags& tags);
// The tags in `meta`; legacy meta gives {"role": meta}, as Serf's decodeTags does.
codec::Result<Tags> decode_tags(ByteView meta);

}  // namespace rumor::serf
RUMOR_PUBLIC_END
