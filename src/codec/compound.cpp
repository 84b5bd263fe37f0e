// Compound messages [7][count u8][count x u16 BE length][parts...] (spec section 4).
//
// Departures from memberlist's makeCompoundMessages: a message longer than 65535 bytes
// cannot be described by a u16 length (Go truncates the length silently), so we send it
// on its own; and a group that ends up with a single message goes out bare, not as a
// one-part compound.
#include "codec/packet.hpp"

namespace rumor::codec {
void append_compound(std::span<const ByteView> msgs, Bytes& out) {
  std::size_t total = kCompoundHeaderOverhead;
  for (ByteView m : msgs) total += kCompoundPartOverhead + m.size();
  out.reserve(out.size() + total);
  out.push_back(static_cast<std::uint8_t>(MessageType::compound));
  out.push_back(static_cast<std::uint8_t>(msgs.size()));
  for (ByteView m : msgs) {
    out.push_back(static_cast<std::uint8_t>(m.size() >> 8));
    out.push_back(static_cast<std::uint8_t>(m.size()));
  }
  for (ByteView m : msgs) out.insert(out.end(), m.begin(), m.end());
}

std::vector<Bytes> make_compounds(const std::vector<Bytes>& msgs) {
  std::vector<ByteView> views(msgs.begin(), msgs.end()), group;
  std::vector<Bytes> out;
  Bytes scratch;
  for_each_compound(views, group, scratch,
                    [&](ByteView m) { out.emplace_back(m.begin(), m.end()); });
  return out;
}

Result<CompoundParts> split_compound(ByteView body) {
  if (body.empty()) return Error::bad_compound;  // no count byte
  const std::size_t count = body[0];
  if (body.size() - 1 < 2 * count) return Error::bad_compound;  // lengths cut short
  const std::uint8_t* lengths = body.data() + 1;
  ByteView rest = body.subspan(1 + 2 * count);

  CompoundParts result;
  result.parts.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t len = std::size_t{lengths[2 * i]} << 8 | lengths[2 * i + 1];
    if (rest.size() < len) {
      // As memberlist: keep the parts read so far and count the rest as truncated.
      result.truncated = count - i;
      break;
    }
    result.parts.push_back(rest.first(len));
    rest = rest.subspan(len);
  }
  return result;
}

}  // namespace rumor::codec
