// Ip as a msgpack raw field; see ip_field.hpp.
#include "codec/ip_field.hpp"

#include <algorithm>

namespace rumor::codec {

Status read_ip(msgpack::Reader& r, Ip& out) {
  auto raw = r.read_raw();
  if (!raw) return raw.error();
  const std::size_t n = raw->size();
  if (n != 0 && n != 4 && n != 16) return Error::bad_value;
  out = Ip{};
  std::copy(raw->begin(), raw->end(), out.bytes.begin());
  out.len = static_cast<std::uint8_t>(n);
  return Ok{};
}

}  // namespace rumor::codec
