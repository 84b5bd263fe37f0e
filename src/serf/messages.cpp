// Serf's messages, each described once (codec/wire_struct.hpp): keys in the byte-wise
// order Go's codec uses for struct fields; Go maps are written with sorted keys. Unsigned
// Go fields are written as uints, Go ints (Status, Timeout) as ints, which with the
// default IntStyle gives the unsigned forms the real serf 0.8.2 writes (`ce 77359400` for
// a 2 s Timeout in vectors/plain.vectors.txt). Decoding is tolerant: keys in any order,
// unknown keys skipped, missing keys left zero, nil accepted wherever Go would accept it.
// Never throws; malformed input gives a codec::Error.
#include "serf/messages.hpp"

#include "codec/msgpack.hpp"
#include "codec/wire_struct.hpp"
#include "serf/member_fields.hpp"

namespace rumor::serf {

using codec::wire::field;
using codec::wire::IfEmpty;
namespace wire = codec::wire;

constexpr auto wire_fields(const LeaveMsg*) {
  return wire::fields(field("LTime", &LeaveMsg::ltime), field("Node", &LeaveMsg::node),
                      field("Prune", &LeaveMsg::prune));
}

constexpr auto wire_fields(const JoinMsg*) {
  return wire::fields(field("LTime", &JoinMsg::ltime), field("Node", &JoinMsg::node));
}

constexpr auto wire_fields(const EventRecord*) {
  return wire::fields(field("Name", &EventRecord::name),
                      field("Payload", &EventRecord::payload, IfEmpty::nil));
}

constexpr auto wire_fields(const EventSlot*) {
  return wire::fields(field("Events", &EventSlot::events), field("LTime", &EventSlot::ltime));
}

// Serf makes LeftMembers with make(), so it is an empty array (90), never nil; a slot
// of the event ring that holds nothing is a nil pointer.
constexpr auto wire_fields(const PushPullMsg*) {
  using M = PushPullMsg;
  return wire::fields(field("EventLTime", &M::event_ltime), field("Events", &M::events),
                      field("LTime", &M::ltime), field("LeftMembers", &M::left_members),
                      field("QueryLTime", &M::query_ltime),
                      field("StatusLTimes", &M::status_ltimes));
}

constexpr auto wire_fields(const UserEventMsg*) {
  using M = UserEventMsg;
  return wire::fields(field("CC", &M::cc), field("LTime", &M::ltime), field("Name", &M::name),
                      field("Payload", &M::payload, IfEmpty::nil));
}

// Filters is a nil [][]byte when no filter is set, as Serf builds it.
constexpr auto wire_fields(const QueryMsg*) {
  using M = QueryMsg;
  return wire::fields(field("Addr", &M::addr), field("Filters", &M::filters, IfEmpty::nil),
                      field("Flags", &M::flags), field("ID", &M::id), field("LTime", &M::ltime),
                      field("Name", &M::name), field("Payload", &M::payload, IfEmpty::nil),
                      field("Port", &M::port), field("RelayFactor", &M::relay_factor),
                      field("SourceNode", &M::source_node), field("Timeout", &M::timeout_ns));
}

constexpr auto wire_fields(const QueryResponseMsg*) {
  using M = QueryResponseMsg;
  return wire::fields(field("Flags", &M::flags), field("From", &M::from), field("ID", &M::id),
                      field("LTime", &M::ltime), field("Payload", &M::payload, IfEmpty::nil));
}

constexpr auto wire_fields(const WireMember*) {
  return member_fields<WireMember>();
}

// Go's key comes from base64.DecodeString, never nil: list-keys' empty key is a0.
constexpr auto wire_fields(const KeyRequestMsg*) {
  return wire::fields(field("Key", &KeyRequestMsg::key));
}

// Keys is Go's nil []string unless list-keys appends to it; PrimaryKey is newer than
// serf 0.8.2 and sent only when set.
constexpr auto wire_fields(const KeyResponseMsg*) {
  using M = KeyResponseMsg;
  return wire::fields(field("Keys", &M::keys, IfEmpty::nil), field("Message", &M::message),
                      field("PrimaryKey", &M::primary_key, IfEmpty::omit),
                      field("Result", &M::result));
}

namespace {

// A relay's header: Go's net.UDPAddr {IP, Port int, Zone}, Zone always "" for us, and the
// destination's name. The message to forward follows it, unchanged.
struct UdpAddr {
  Ip ip;
  std::uint16_t port = 0;  // a Go int; >= 0 it is written as a uint is
  std::string zone;
};
struct RelayHeader {
  UdpAddr dest_addr;
  std::string dest_name;
};

constexpr auto wire_fields(const UdpAddr*) {
  return wire::fields(field("IP", &UdpAddr::ip), field("Port", &UdpAddr::port),
                      field("Zone", &UdpAddr::zone));
}

constexpr auto wire_fields(const RelayHeader*) {
  return wire::fields(field("DestAddr", &RelayHeader::dest_addr),
                      field("DestName", &RelayHeader::dest_name));
}

template <class M>
void encode_as(MessageType type, const M& m, Bytes& out) {
  out.push_back(static_cast<std::uint8_t>(type));
  codec::msgpack::Writer w(out);
  wire::GossipWriter g(w);
  wire::write_value(g, m);
}

}  // namespace

void encode(const LeaveMsg& m, Bytes& out) {
  encode_as(MessageType::leave, m, out);
}
void encode(const JoinMsg& m, Bytes& out) {
  encode_as(MessageType::join, m, out);
}
void encode(const PushPullMsg& m, Bytes& out) {
  encode_as(MessageType::push_pull, m, out);
}
void encode(const UserEventMsg& m, Bytes& out) {
  encode_as(MessageType::user_event, m, out);
}
void encode(const QueryMsg& m, Bytes& out) {
  encode_as(MessageType::query, m, out);
}
void encode(const QueryResponseMsg& m, Bytes& out) {
  encode_as(MessageType::query_response, m, out);
}
// Serf encodes a nil *Member when it does not know the node.
void encode(const ConflictResponseMsg& m, Bytes& out) {
  encode_as(MessageType::conflict_response, m.member, out);
}
void encode(const KeyRequestMsg& m, Bytes& out) {
  encode_as(MessageType::key_request, m, out);
}
void encode(const KeyResponseMsg& m, Bytes& out) {
  encode_as(MessageType::key_response, m, out);
}
void encode(const RelayMsg& m, Bytes& out) {
  encode_as(MessageType::relay, RelayHeader{UdpAddr{m.dest.ip, m.dest.port, ""}, m.dest_name}, out);
  out.insert(out.end(), m.message.begin(), m.message.end());
}

Result<LeaveMsg> decode_leave(ByteView body) {
  return wire::decode<LeaveMsg>(body);
}
Result<JoinMsg> decode_join(ByteView body) {
  return wire::decode<JoinMsg>(body);
}
Result<PushPullMsg> decode_push_pull(ByteView body) {
  return wire::decode<PushPullMsg>(body);
}
Result<UserEventMsg> decode_user_event(ByteView body) {
  return wire::decode<UserEventMsg>(body);
}
Result<QueryMsg> decode_query(ByteView body) {
  return wire::decode<QueryMsg>(body);
}
Result<QueryResponseMsg> decode_query_response(ByteView body) {
  return wire::decode<QueryResponseMsg>(body);
}
Result<KeyRequestMsg> decode_key_request(ByteView body) {
  return wire::decode<KeyRequestMsg>(body);
}
Result<KeyResponseMsg> decode_key_response(ByteView body) {
  return wire::decode<KeyResponseMsg>(body);
}

Result<ConflictResponseMsg> decode_conflict_response(ByteView body) {
  codec::msgpack::Reader r(body);
  ConflictResponseMsg m;
  if (Status st = wire::read_value(r, m.member); !st) return st.error();
  return m;
}

Result<RelayMsg> decode_relay(ByteView body) {
  codec::msgpack::Reader r(body);
  RelayHeader h;
  if (Status st = wire::read(r, h); !st) return st.error();
  if (r.at_end()) return Error::truncated;
  const ByteView rest = r.rest();
  return RelayMsg{{h.dest_addr.ip, h.dest_addr.port}, h.dest_name, Bytes(rest.begin(), rest.end())};
}

}  // namespace rumor::serf
