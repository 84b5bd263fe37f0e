// Encoders for Serf's messages. Keys are written in the byte-wise order Go's codec uses
// for struct fields; Go maps are written with sorted keys. Unsigned Go fields use
// write_uint, Go ints (Status, Port of a UDPAddr, Timeout) write_int, which with the
// default IntStyle gives the unsigned forms the real serf 0.8.2 writes (`ce 77359400`
// for a 2 s Timeout in vectors/plain.vectors.txt).
#include "serf/messages.hpp"

#include "codec/ip_field.hpp"
#include "codec/msgpack.hpp"

namespace rumor::serf {
namespace {

using codec::msgpack::Writer;

Writer start(MessageType type, Bytes& out) {
  out.push_back(static_cast<std::uint8_t>(type));
  return Writer(out);
}

void write_string_map(Writer& w, const std::map<std::string, std::string>& m) {
  w.write_map_header(static_cast<std::uint32_t>(m.size()));
  for (const auto& [k, v] : m) {
    w.write_string(k);
    w.write_string(v);
  }
}

void write_member(Writer& w, const WireMember& m) {
  w.write_map_header(11);
  w.write_string("Addr");
  codec::write_ip(w, m.addr);
  w.write_string("DelegateCur");
  w.write_uint(m.delegate_cur);
  w.write_string("DelegateMax");
  w.write_uint(m.delegate_max);
  w.write_string("DelegateMin");
  w.write_uint(m.delegate_min);
  w.write_string("Name");
  w.write_string(m.name);
  w.write_string("Port");
  w.write_uint(m.port);
  w.write_string("ProtocolCur");
  w.write_uint(m.protocol_cur);
  w.write_string("ProtocolMax");
  w.write_uint(m.protocol_max);
  w.write_string("ProtocolMin");
  w.write_uint(m.protocol_min);
  w.write_string("Status");
  w.write_int(m.status);
  w.write_string("Tags");
  write_string_map(w, m.tags);
}

}  // namespace

void encode(const LeaveMsg& m, Bytes& out) {
  Writer w = start(MessageType::leave, out);
  w.write_map_header(3);
  w.write_string("LTime");
  w.write_uint(m.ltime);
  w.write_string("Node");
  w.write_string(m.node);
  w.write_string("Prune");
  w.write_bool(m.prune);
}

void encode(const JoinMsg& m, Bytes& out) {
  Writer w = start(MessageType::join, out);
  w.write_map_header(2);
  w.write_string("LTime");
  w.write_uint(m.ltime);
  w.write_string("Node");
  w.write_string(m.node);
}

void encode(const PushPullMsg& m, Bytes& out) {
  Writer w = start(MessageType::push_pull, out);
  w.write_map_header(6);
  w.write_string("EventLTime");
  w.write_uint(m.event_ltime);
  w.write_string("Events");
  w.write_array_header(static_cast<std::uint32_t>(m.events.size()));
  for (const auto& slot : m.events) {
    if (!slot) {
      w.write_nil();
      continue;
    }
    w.write_map_header(2);
    w.write_string("Events");
    w.write_array_header(static_cast<std::uint32_t>(slot->events.size()));
    for (const EventRecord& e : slot->events) {
      w.write_map_header(2);
      w.write_string("Name");
      w.write_string(e.name);
      w.write_string("Payload");
      w.write_raw_or_nil(e.payload);
    }
    w.write_string("LTime");
    w.write_uint(slot->ltime);
  }
  w.write_string("LTime");
  w.write_uint(m.ltime);
  // Serf makes this slice with make(), so it is an empty array (90), never nil.
  w.write_string("LeftMembers");
  w.write_array_header(static_cast<std::uint32_t>(m.left_members.size()));
  for (const std::string& name : m.left_members) w.write_string(name);
  w.write_string("QueryLTime");
  w.write_uint(m.query_ltime);
  w.write_string("StatusLTimes");
  w.write_map_header(static_cast<std::uint32_t>(m.status_ltimes.size()));
  for (const auto& [name, ltime] : m.status_ltimes) {
    w.write_string(name);
    w.write_uint(ltime);
  }
}

void encode(const UserEventMsg& m, Bytes& out) {
  Writer w = start(MessageType::user_event, out);
  w.write_map_header(4);
  w.write_string("CC");
  w.write_bool(m.cc);
  w.write_string("LTime");
  w.write_uint(m.ltime);
  w.write_string("Name");
  w.write_string(m.name);
  w.write_string("Payload");
  w.write_raw_or_nil(m.payload);
}

void encode(const QueryMsg& m, Bytes& out) {
  Writer w = start(MessageType::query, out);
  w.write_map_header(11);
  w.write_string("Addr");
  codec::write_ip(w, m.addr);
  w.write_string("Filters");
  if (m.filters.empty()) {
    w.write_nil();  // a nil [][]byte, as Serf builds it when no filter is set
  } else {
    w.write_array_header(static_cast<std::uint32_t>(m.filters.size()));
    for (const Bytes& f : m.filters) w.write_raw(f);
  }
  w.write_string("Flags");
  w.write_uint(m.flags);
  w.write_string("ID");
  w.write_uint(m.id);
  w.write_string("LTime");
  w.write_uint(m.ltime);
  w.write_string("Name");
  w.write_string(m.name);
  w.write_string("Payload");
  w.write_raw_or_nil(m.payload);
  w.write_string("Port");
  w.write_uint(m.port);
  w.write_string("RelayFactor");
  w.write_uint(m.relay_factor);
  w.write_string("SourceNode");
  w.write_string(m.source_node);
  w.write_string("Timeout");
  w.write_int(m.timeout_ns);
}

void encode(const QueryResponseMsg& m, Bytes& out) {
  Writer w = start(MessageType::query_response, out);
  w.write_map_header(5);
  w.write_string("Flags");
  w.write_uint(m.flags);
  w.write_string("From");
  w.write_string(m.from);
  w.write_string("ID");
  w.write_uint(m.id);
  w.write_string("LTime");
  w.write_uint(m.ltime);
  w.write_string("Payload");
  w.write_raw_or_nil(m.payload);
}

void encode(const ConflictResponseMsg& m, Bytes& out) {
  Writer w = start(MessageType::conflict_response, out);
  if (m.member) {
    write_member(w, *m.member);
  } else {
    w.write_nil();  // Serf encodes a nil *Member when it does not know the node
  }
}

void encode(const KeyRequestMsg& m, Bytes& out) {
  Writer w = start(MessageType::key_request, out);
  w.write_map_header(1);
  w.write_string("Key");
  // Go's key comes from base64.DecodeString, never nil: list-keys' empty key is a0.
  w.write_raw(m.key);
}

void encode(const KeyResponseMsg& m, Bytes& out) {
  Writer w = start(MessageType::key_response, out);
  w.write_map_header(m.primary_key ? 4 : 3);
  w.write_string("Keys");
  if (m.keys.empty()) {
    w.write_nil();  // Go's nil []string: only list-keys appends to it
  } else {
    w.write_array_header(static_cast<std::uint32_t>(m.keys.size()));
    for (const std::string& k : m.keys) w.write_string(k);
  }
  w.write_string("Message");
  w.write_string(m.message);
  if (m.primary_key) {
    w.write_string("PrimaryKey");
    w.write_string(*m.primary_key);
  }
  w.write_string("Result");
  w.write_bool(m.result);
}

void encode(const RelayMsg& m, Bytes& out) {
  Writer w = start(MessageType::relay, out);
  w.write_map_header(2);
  w.write_string("DestAddr");
  w.write_map_header(3);  // Go's net.UDPAddr {IP, Port int, Zone}
  w.write_string("IP");
  codec::write_ip(w, m.dest.ip);
  w.write_string("Port");
  w.write_int(m.dest.port);
  w.write_string("Zone");
  w.write_string("");
  w.write_string("DestName");
  w.write_string(m.dest_name);
  out.insert(out.end(), m.message.begin(), m.message.end());
}

}  // namespace rumor::serf
