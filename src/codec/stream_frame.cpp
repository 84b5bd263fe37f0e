// Stream framing; see stream_frame.hpp. The walk mirrors how memberlist reads a stream
// (a msgpack decoder on a buffered connection, then io.ReadFull for raw tails), but only
// measures: nothing is decoded into structs and nothing is allocated.
#include "codec/stream_frame.hpp"

#include <string_view>

#include "codec/messages.hpp"
#include "codec/msgpack.hpp"

namespace rumor::codec {
namespace {

constexpr std::size_t kLabelHeader = 2;  // [244][len]

StreamFrame incomplete(std::size_t at_least) {
  return StreamFrame{FrameStatus::incomplete, 0, at_least, Error::truncated};
}
StreamFrame invalid(Error e) {
  return StreamFrame{FrameStatus::invalid, 0, 0, e};
}

// A decode error on a prefix: running out of bytes means "wait", anything else is final.
StreamFrame from_error(Error e, std::size_t received) {
  return e == Error::truncated ? incomplete(received + 1) : invalid(e);
}

// The message is exactly `total` bytes long, and `received` bytes are here so far.
StreamFrame sized(std::size_t total, std::size_t received, std::size_t max_bytes) {
  if (total > max_bytes) return invalid(Error::too_large);
  if (received >= total) return StreamFrame{FrameStatus::complete, total, 0, Error::truncated};
  return incomplete(total);
}

// A length field read from a header: Go `int`, so negative values are possible and bad.
Status read_length(msgpack::Reader& r, std::int64_t& out) {
  return r.read_into(out);
}

// Reads a header map and the one integer field `key` in it (other keys skipped).
Status read_header_field(msgpack::Reader& r, std::string_view key, std::int64_t& out) {
  if (r.is_nil()) return r.read_nil();  // Go decodes nil into a zero struct
  return r.read_struct([&](std::string_view k) -> Status {
    if (k == key) return read_length(r, out);
    return r.skip();
  });
}

// One msgpack map (or nil) and nothing after it: ping, ack, error, compressed.
StreamFrame frame_single_map(ByteView body, std::size_t start, std::size_t received) {
  msgpack::Reader r(body);
  auto kind = r.peek_kind();
  if (!kind) return from_error(kind.error(), received);
  if (*kind != msgpack::Kind::map && *kind != msgpack::Kind::nil) return invalid(Error::bad_type);
  Status st = r.skip();
  if (!st) return from_error(st.error(), received);
  return StreamFrame{FrameStatus::complete, start + r.offset(), 0, Error::truncated};
}

StreamFrame frame_user(ByteView body, std::size_t start, std::size_t received,
                       std::size_t max_bytes) {
  msgpack::Reader r(body);
  std::int64_t len = 0;
  Status st = read_header_field(r, "UserMsgLen", len);
  if (!st) return from_error(st.error(), received);
  if (len < 0) return invalid(Error::bad_value);
  if (static_cast<std::uint64_t>(len) > max_bytes) return invalid(Error::too_large);
  return sized(start + r.offset() + static_cast<std::size_t>(len), received, max_bytes);
}

StreamFrame frame_push_pull(ByteView body, std::size_t start, std::size_t received,
                            std::size_t max_bytes) {
  msgpack::Reader r(body);
  std::int64_t nodes = 0, user_len = 0;
  Status st = r.is_nil() ? r.read_nil() : r.read_struct([&](std::string_view k) -> Status {
    if (k == "Nodes") return read_length(r, nodes);
    if (k == "UserStateLen") return read_length(r, user_len);
    return r.skip();
  });
  if (!st) return from_error(st.error(), received);
  if (nodes < 0 || user_len < 0) return invalid(Error::bad_value);
  const auto max = static_cast<std::uint64_t>(max_bytes);
  if (static_cast<std::uint64_t>(nodes) > max || static_cast<std::uint64_t>(user_len) > max)
    return invalid(Error::too_large);
  const std::size_t header_end = start + r.offset();
  // Every node state takes at least one byte: a lower bound before walking them.
  const std::size_t lower =
      header_end + static_cast<std::size_t>(nodes) + static_cast<std::size_t>(user_len);
  if (lower > max_bytes) return invalid(Error::too_large);
  if (received < lower) return incomplete(lower);
  for (std::int64_t i = 0; i < nodes; ++i) {
    auto kind = r.peek_kind();
    if (!kind) return from_error(kind.error(), received);
    if (*kind != msgpack::Kind::map && *kind != msgpack::Kind::nil) return invalid(Error::bad_type);
    st = r.skip();
    if (!st) return from_error(st.error(), received);
  }
  return sized(start + r.offset() + static_cast<std::size_t>(user_len), received, max_bytes);
}

StreamFrame frame_encrypted(ByteView in, std::size_t type_at, std::size_t max_bytes) {
  if (in.size() < type_at + kStreamEncryptHeader) return incomplete(type_at + kStreamEncryptHeader);
  const std::uint8_t* p = in.data() + type_at + 1;
  const std::uint64_t len = (std::uint64_t{p[0]} << 24) | (std::uint64_t{p[1]} << 16) |
                            (std::uint64_t{p[2]} << 8) | std::uint64_t{p[3]};
  if (len > max_bytes) return invalid(Error::too_large);
  return sized(type_at + kStreamEncryptHeader + static_cast<std::size_t>(len), in.size(),
               max_bytes);
}

}  // namespace

StreamFrame frame_stream(ByteView in, std::size_t max_bytes) {
  std::size_t pos = 0;
  if (!in.empty() && in[0] == static_cast<std::uint8_t>(MessageType::has_label)) {
    if (in.size() < kLabelHeader) return incomplete(kLabelHeader);
    const std::size_t n = in[1];
    if (n == 0) return invalid(Error::bad_label);  // memberlist refuses an empty label
    if (in.size() < kLabelHeader + n) return incomplete(kLabelHeader + n);
    pos = kLabelHeader + n;
  }
  if (in.size() <= pos) return incomplete(pos + 1);

  StreamFrame f;
  const std::size_t start = pos + 1;  // first byte after the type
  const ByteView body = in.subspan(start);
  switch (static_cast<MessageType>(in[pos])) {
    case MessageType::ping:
    case MessageType::ack:
    case MessageType::error:
    case MessageType::compress:
      f = frame_single_map(body, start, in.size());
      break;
    case MessageType::user:
      f = frame_user(body, start, in.size(), max_bytes);
      break;
    case MessageType::push_pull:
      f = frame_push_pull(body, start, in.size(), max_bytes);
      break;
    case MessageType::encrypt:
      f = frame_encrypted(in, pos, max_bytes);
      break;
    default:
      return invalid(Error::unknown_message);
  }
  // However the walk ended, a message longer than the cap is refused, including one
  // whose prefix alone (say an endless header) has already passed it.
  if (f.status == FrameStatus::complete && f.length > max_bytes) return invalid(Error::too_large);
  if (f.status == FrameStatus::incomplete && in.size() >= max_bytes)
    return invalid(Error::too_large);
  return f;
}

}  // namespace rumor::codec
