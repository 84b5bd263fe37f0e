// memberlist's packet messages, each described once (wire_struct.hpp): keys in the
// byte-wise sorted order Go's codec emits (spec section 3). Fields tagged `omitempty` in
// memberlist (the Source* fields of ping and indirect ping) are left out when empty; other
// empty []byte fields are written as nil (c0), as a nil Go slice is. Decoding is tolerant
// as Go's codec is; bytes after the map are ignored, as memberlist ignores them.
#include "codec/messages.hpp"

#include "codec/msgpack.hpp"
#include "codec/wire_struct.hpp"

namespace rumor::codec {

using wire::field;
using wire::IfEmpty;

constexpr auto wire_fields(const Ping*) {
  return wire::fields(field("Node", &Ping::node), field("SeqNo", &Ping::seq_no),
                      field("SourceAddr", &Ping::source_addr, IfEmpty::omit),
                      field("SourceNode", &Ping::source_node, IfEmpty::omit),
                      field("SourcePort", &Ping::source_port, IfEmpty::omit));
}

constexpr auto wire_fields(const IndirectPing*) {
  using M = IndirectPing;
  return wire::fields(
      field("Nack", &M::nack), field("Node", &M::node), field("Port", &M::port),
      field("SeqNo", &M::seq_no), field("SourceAddr", &M::source_addr, IfEmpty::omit),
      field("SourceNode", &M::source_node, IfEmpty::omit),
      field("SourcePort", &M::source_port, IfEmpty::omit), field("Target", &M::target));
}

constexpr auto wire_fields(const Ack*) {
  return wire::fields(field("Payload", &Ack::payload, IfEmpty::nil), field("SeqNo", &Ack::seq_no));
}

constexpr auto wire_fields(const Nack*) {
  return wire::fields(field("SeqNo", &Nack::seq_no));
}

constexpr auto wire_fields(const ErrorResponse*) {
  return wire::fields(field("Error", &ErrorResponse::error));
}

// Suspect and Dead share a shape.
template <class M>
constexpr auto suspect_or_dead_fields() {
  return wire::fields(field("From", &M::from), field("Incarnation", &M::incarnation),
                      field("Node", &M::node));
}
constexpr auto wire_fields(const Suspect*) {
  return suspect_or_dead_fields<Suspect>();
}
constexpr auto wire_fields(const Dead*) {
  return suspect_or_dead_fields<Dead>();
}

// Alive and AliveView (whose strings point into the packet) share one table.
template <class M>
constexpr auto alive_fields() {
  return wire::fields(field("Addr", &M::addr), field("Incarnation", &M::incarnation),
                      field("Meta", &M::meta, IfEmpty::nil), field("Node", &M::node),
                      field("Port", &M::port), field("Vsn", &M::vsn, IfEmpty::nil));
}
constexpr auto wire_fields(const Alive*) {
  return alive_fields<Alive>();
}
constexpr auto wire_fields(const AliveView*) {
  return alive_fields<AliveView>();
}

namespace {

// Keys, headers and fixed-size values of any message fit in this; strings and byte
// fields come on top. One allocation per message instead of a doubling series.
constexpr std::size_t kFixedPart = 128;

template <class M>
void encode_message(MessageType type, const M& m, std::size_t variable_bytes, Bytes& out) {
  msgpack::Writer w(out);
  w.reserve(kFixedPart + variable_bytes);
  out.push_back(static_cast<std::uint8_t>(type));
  wire::GossipWriter g(w);
  wire::write(g, m);
}

}  // namespace

void encode(const Ping& m, Bytes& out) {
  encode_message(MessageType::ping, m, m.node.size() + m.source_node.size(), out);
}

void encode(const IndirectPing& m, Bytes& out) {
  encode_message(MessageType::indirect_ping, m, m.node.size() + m.source_node.size(), out);
}

void encode(const Ack& m, Bytes& out) {
  encode_message(MessageType::ack, m, m.payload.size(), out);
}

void encode(const Nack& m, Bytes& out) {
  encode_message(MessageType::nack, m, 0, out);
}

void encode(const ErrorResponse& m, Bytes& out) {
  encode_message(MessageType::error, m, m.error.size(), out);
}

void encode(const Suspect& m, Bytes& out) {
  encode_message(MessageType::suspect, m, m.from.size() + m.node.size(), out);
}

void encode(const Dead& m, Bytes& out) {
  encode_message(MessageType::dead, m, m.from.size() + m.node.size(), out);
}

void encode(const Alive& m, Bytes& out) {
  encode_message(MessageType::alive, m, m.node.size() + m.meta.size() + m.vsn.size(), out);
}

Result<Ping> decode_ping(ByteView body) {
  return wire::decode<Ping>(body);
}
Result<IndirectPing> decode_indirect_ping(ByteView body) {
  return wire::decode<IndirectPing>(body);
}
Result<Ack> decode_ack(ByteView body) {
  return wire::decode<Ack>(body);
}
Result<Nack> decode_nack(ByteView body) {
  return wire::decode<Nack>(body);
}
Result<ErrorResponse> decode_error(ByteView body) {
  return wire::decode<ErrorResponse>(body);
}
Result<Suspect> decode_suspect(ByteView body) {
  return wire::decode<Suspect>(body);
}
Result<Dead> decode_dead(ByteView body) {
  return wire::decode<Dead>(body);
}
Result<Alive> decode_alive(ByteView body) {
  return wire::decode<Alive>(body);
}
Result<AliveView> decode_alive_view(ByteView body) {
  return wire::decode<AliveView>(body);
}

AliveView view_of(const Alive& a) noexcept {
  return AliveView{a.incarnation, a.node, a.addr, a.port, a.meta, a.vsn};
}

void encode_user(ByteView payload, Bytes& out) {
  msgpack::Writer(out).reserve(1 + payload.size());
  out.push_back(static_cast<std::uint8_t>(MessageType::user));
  out.insert(out.end(), payload.begin(), payload.end());
}

}  // namespace rumor::codec
