// Encoders for memberlist's packet messages. Each writes the type byte, then a msgpack
// map whose keys are in the byte-wise sorted order Go's codec emits (spec section 3).
// Fields tagged `omitempty` in memberlist (the Source* fields of ping and indirect ping)
// are left out when empty; other empty []byte fields are written as nil (c0), as a nil Go
// slice is.
#include "codec/messages.hpp"

#include "codec/ip_field.hpp"
#include "codec/msgpack.hpp"

namespace rumor::codec {
namespace {

// Keys, headers and fixed-size values of any message fit in this; strings and byte
// fields come on top. One allocation per message instead of a doubling series.
constexpr std::size_t kFixedPart = 128;

msgpack::Writer start(MessageType type, Bytes& out, std::size_t variable_bytes) {
  msgpack::Writer w(out);
  w.reserve(kFixedPart + variable_bytes);
  out.push_back(static_cast<std::uint8_t>(type));
  return w;
}

template <class M>
void encode_suspect_or_dead(MessageType type, const M& m, Bytes& out) {
  msgpack::Writer w = start(type, out, m.from.size() + m.node.size());
  w.write_map_header(3);
  w.write_string("From");
  w.write_string(m.from);
  w.write_string("Incarnation");
  w.write_uint(m.incarnation);
  w.write_string("Node");
  w.write_string(m.node);
}

// Ping and IndirectPing carry the same optional return address; its keys sort together
// (SourceAddr, SourceNode, SourcePort), between SeqNo and what follows.
template <class M>
void write_source(msgpack::Writer& w, const M& m) {
  if (!m.source_addr.empty()) {
    w.write_string("SourceAddr");
    write_ip(w, m.source_addr);
  }
  if (!m.source_node.empty()) {
    w.write_string("SourceNode");
    w.write_string(m.source_node);
  }
  if (m.source_port != 0) {
    w.write_string("SourcePort");
    w.write_uint(m.source_port);
  }
}

}  // namespace

void encode(const Ping& m, Bytes& out) {
  msgpack::Writer w = start(MessageType::ping, out, m.node.size() + m.source_node.size());
  const bool has_addr = !m.source_addr.empty();
  const bool has_node = !m.source_node.empty();
  const bool has_port = m.source_port != 0;
  w.write_map_header(2u + has_addr + has_node + has_port);
  w.write_string("Node");
  w.write_string(m.node);
  w.write_string("SeqNo");
  w.write_uint(m.seq_no);
  write_source(w, m);
}

void encode(const IndirectPing& m, Bytes& out) {
  msgpack::Writer w = start(MessageType::indirect_ping, out, m.node.size() + m.source_node.size());
  const bool has_addr = !m.source_addr.empty();
  const bool has_node = !m.source_node.empty();
  const bool has_port = m.source_port != 0;
  w.write_map_header(5u + has_addr + has_node + has_port);
  w.write_string("Nack");
  w.write_bool(m.nack);
  w.write_string("Node");
  w.write_string(m.node);
  w.write_string("Port");
  w.write_uint(m.port);
  w.write_string("SeqNo");
  w.write_uint(m.seq_no);
  write_source(w, m);
  w.write_string("Target");
  write_ip(w, m.target);
}

void encode(const Ack& m, Bytes& out) {
  msgpack::Writer w = start(MessageType::ack, out, m.payload.size());
  w.write_map_header(2);
  w.write_string("Payload");
  w.write_raw_or_nil(m.payload);
  w.write_string("SeqNo");
  w.write_uint(m.seq_no);
}

void encode(const Nack& m, Bytes& out) {
  msgpack::Writer w = start(MessageType::nack, out, 0);
  w.write_map_header(1);
  w.write_string("SeqNo");
  w.write_uint(m.seq_no);
}

void encode(const ErrorResponse& m, Bytes& out) {
  msgpack::Writer w = start(MessageType::error, out, m.error.size());
  w.write_map_header(1);
  w.write_string("Error");
  w.write_string(m.error);
}

void encode(const Suspect& m, Bytes& out) {
  encode_suspect_or_dead(MessageType::suspect, m, out);
}

void encode(const Dead& m, Bytes& out) {
  encode_suspect_or_dead(MessageType::dead, m, out);
}

void encode(const Alive& m, Bytes& out) {
  msgpack::Writer w = start(MessageType::alive, out, m.node.size() + m.meta.size() + m.vsn.size());
  w.write_map_header(6);
  w.write_string("Addr");
  write_ip(w, m.addr);
  w.write_string("Incarnation");
  w.write_uint(m.incarnation);
  w.write_string("Meta");
  w.write_raw_or_nil(m.meta);
  w.write_string("Node");
  w.write_string(m.node);
  w.write_string("Port");
  w.write_uint(m.port);
  w.write_string("Vsn");
  w.write_raw_or_nil(m.vsn);
}

void encode_user(ByteView payload, Bytes& out) {
  msgpack::Writer(out).reserve(1 + payload.size());
  out.push_back(static_cast<std::uint8_t>(MessageType::user));
  out.insert(out.end(), payload.begin(), payload.end());
}

}  // namespace rumor::codec
