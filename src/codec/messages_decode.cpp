// Decoders for memberlist's packet messages. Tolerant as Go's codec is: keys in any
// order, unknown keys skipped, missing keys left zero, any integer form accepted when the
// value fits the field. Bytes after the map are ignored, as memberlist ignores them.
#include "codec/ip_field.hpp"
#include "codec/messages.hpp"
#include "codec/msgpack.hpp"

namespace rumor::codec {
namespace {

// Decodes one struct from `body`; `field(reader, message, key)` consumes one value.
template <class M, class Field>
Result<M> decode_struct(ByteView body, Field&& field) {
  msgpack::Reader r(body);
  M m{};
  Status st = r.read_struct([&](std::string_view key) { return field(r, m, key); });
  if (!st) return st.error();
  return m;
}

template <class M>
Result<M> decode_suspect_or_dead(ByteView body) {
  return decode_struct<M>(body, [](msgpack::Reader& r, M& m, std::string_view k) -> Status {
    if (k == "Incarnation") return r.read_into(m.incarnation);
    if (k == "Node") return r.read_into(m.node);
    if (k == "From") return r.read_into(m.from);
    return r.skip();
  });
}

}  // namespace

Result<Ping> decode_ping(ByteView body) {
  return decode_struct<Ping>(body, [](msgpack::Reader& r, Ping& m, std::string_view k) -> Status {
    if (k == "SeqNo") return r.read_into(m.seq_no);
    if (k == "Node") return r.read_into(m.node);
    if (k == "SourceAddr") return read_ip(r, m.source_addr);
    if (k == "SourceNode") return r.read_into(m.source_node);
    if (k == "SourcePort") return r.read_into(m.source_port);
    return r.skip();
  });
}

Result<IndirectPing> decode_indirect_ping(ByteView body) {
  return decode_struct<IndirectPing>(
      body, [](msgpack::Reader& r, IndirectPing& m, std::string_view k) -> Status {
        if (k == "SeqNo") return r.read_into(m.seq_no);
        if (k == "Target") return read_ip(r, m.target);
        if (k == "Port") return r.read_into(m.port);
        if (k == "Node") return r.read_into(m.node);
        if (k == "Nack") return r.read_into(m.nack);
        if (k == "SourceAddr") return read_ip(r, m.source_addr);
        if (k == "SourceNode") return r.read_into(m.source_node);
        if (k == "SourcePort") return r.read_into(m.source_port);
        return r.skip();
      });
}

Result<Ack> decode_ack(ByteView body) {
  return decode_struct<Ack>(body, [](msgpack::Reader& r, Ack& m, std::string_view k) -> Status {
    if (k == "SeqNo") return r.read_into(m.seq_no);
    if (k == "Payload") return r.read_into(m.payload);
    return r.skip();
  });
}

Result<Nack> decode_nack(ByteView body) {
  return decode_struct<Nack>(body, [](msgpack::Reader& r, Nack& m, std::string_view k) -> Status {
    if (k == "SeqNo") return r.read_into(m.seq_no);
    return r.skip();
  });
}

Result<ErrorResponse> decode_error(ByteView body) {
  return decode_struct<ErrorResponse>(
      body, [](msgpack::Reader& r, ErrorResponse& m, std::string_view k) -> Status {
        if (k == "Error") return r.read_into(m.error);
        return r.skip();
      });
}

Result<Suspect> decode_suspect(ByteView body) {
  return decode_suspect_or_dead<Suspect>(body);
}

Result<Dead> decode_dead(ByteView body) {
  return decode_suspect_or_dead<Dead>(body);
}

// Alive and AliveView share one field table. Alive news is most of what a cluster
// sends, so keys are told apart by length and first letter before they are compared.
template <class M>
Result<M> decode_alive_as(ByteView body) {
  return decode_struct<M>(body, [](msgpack::Reader& r, M& m, std::string_view k) -> Status {
    switch (k.size()) {
      case 3:
        if (k == "Vsn") return r.read_into(m.vsn);
        break;
      case 4:
        switch (k[0]) {
          case 'A':
            if (k == "Addr") return read_ip(r, m.addr);
            break;
          case 'M':
            if (k == "Meta") return r.read_into(m.meta);
            break;
          case 'N':
            if (k == "Node") return r.read_into(m.node);
            break;
          case 'P':
            if (k == "Port") return r.read_into(m.port);
            break;
          default:
            break;
        }
        break;
      case 11:
        if (k == "Incarnation") return r.read_into(m.incarnation);
        break;
      default:
        break;
    }
    return r.skip();
  });
}

Result<Alive> decode_alive(ByteView body) {
  return decode_alive_as<Alive>(body);
}

Result<AliveView> decode_alive_view(ByteView body) {
  return decode_alive_as<AliveView>(body);
}

AliveView view_of(const Alive& a) noexcept {
  return AliveView{a.incarnation, a.node, a.addr, a.port, a.meta, a.vsn};
}

}  // namespace rumor::codec
