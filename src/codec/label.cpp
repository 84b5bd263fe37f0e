// Label header framing; see label.hpp.
#include "codec/label.hpp"

#include <algorithm>

#include "codec/messages.hpp"
#include "codec/packet.hpp"

namespace rumor::codec {

std::size_t label_overhead(std::string_view label) noexcept {
  return label.empty() ? 0 : 2 + std::min(label.size(), kMaxLabelBytes);
}

void append_label(std::string_view label, Bytes& out) {
  if (label.empty()) return;
  label = label.substr(0, kMaxLabelBytes);
  out.push_back(static_cast<std::uint8_t>(MessageType::has_label));
  out.push_back(static_cast<std::uint8_t>(label.size()));
  out.insert(out.end(), label.begin(), label.end());
}

Result<ByteView> strip_label(ByteView in, std::string& label) {
  label.clear();
  if (in.empty() || in[0] != static_cast<std::uint8_t>(MessageType::has_label)) return in;
  if (in.size() < 2) return Error::bad_label;
  const std::size_t n = in[1];
  if (n == 0 || in.size() < 2 + n) return Error::bad_label;
  label.assign(reinterpret_cast<const char*>(in.data() + 2), n);
  return in.subspan(2 + n);
}

Result<ByteView> strip_expected_label(ByteView in, std::string_view expected, std::string& label) {
  auto rest = strip_label(in, label);
  if (!rest) return rest.error();
  if (label != expected) return Error::bad_label;
  return rest;
}

}  // namespace rumor::codec
