// Stream bodies: push/pull state exchange and reliable user messages (spec section 6).
//
// A push/pull body is several msgpack values in a row followed by bare bytes:
// {Join, Nodes, UserStateLen}, then `Nodes` node-state maps, then UserStateLen bytes of
// delegate (Serf) state. memberlist writes the user state straight after the last map
// (sendLocalState) and reads it with io.ReadFull (readRemoteState).
//
// Departures from memberlist: a negative Nodes or UserStateLen is an error (memberlist
// fails on Nodes < 0 and silently treats UserStateLen < 0 as 0), and counts are checked
// against kMaxStreamBytes and the bytes actually present before anything is allocated.
#include <algorithm>

#include "codec/ip_field.hpp"
#include "codec/messages.hpp"
#include "codec/msgpack.hpp"
#include "codec/packet.hpp"

namespace rumor::codec {
namespace {

// A node state's keys sort as Addr, Incarnation, Meta, Name, Port, State, Vsn: the two
// fields a viewer sets (Incarnation, State) cut what the card fixes into three runs.
void write_card_head(msgpack::Writer& w, const Ip& addr) {
  w.write_map_header(7);
  w.write_string("Addr");
  write_ip(w, addr);
  w.write_string("Incarnation");
}

void write_card_middle(msgpack::Writer& w, ByteView meta, std::string_view name,
                       std::uint16_t port) {
  w.write_string("Meta");
  w.write_raw_or_nil(meta);
  w.write_string("Name");
  w.write_string(name);
  w.write_string("Port");
  w.write_uint(port);
  w.write_string("State");
}

void write_card_tail(msgpack::Writer& w, ByteView vsn) {
  w.write_string("Vsn");
  w.write_raw_or_nil(vsn);
}

// PushNodeState and its view share these two.
template <class N>
void write_node_state(msgpack::Writer& w, const N& n) {
  write_card_head(w, n.addr);
  w.write_uint(n.incarnation);
  write_card_middle(w, n.meta, n.name, n.port);
  w.write_int(static_cast<std::int64_t>(n.state));
  write_card_tail(w, n.vsn);
}

template <class N>
Status read_node_state(msgpack::Reader& r, N& n) {
  return r.read_struct([&](std::string_view k) -> Status {
    if (k == "Name") return r.read_into(n.name);
    if (k == "Addr") return read_ip(r, n.addr);
    if (k == "Port") return r.read_into(n.port);
    if (k == "Meta") return r.read_into(n.meta);
    if (k == "Incarnation") return r.read_into(n.incarnation);
    if (k == "Vsn") return r.read_into(n.vsn);
    if (k == "State") {
      // Go's NodeStateType is an int. States beyond Left (3) are kept, not refused:
      // memberlist's merge ignores states it does not know, and so should the core.
      std::uint8_t state = 0;
      Status st = r.read_into(state);
      n.state = static_cast<WireState>(state);
      return st;
    }
    return r.skip();
  });
}

Result<PushPullHeader> read_header(msgpack::Reader& r) {
  PushPullHeader h;
  Status st = r.read_struct([&](std::string_view k) -> Status {
    if (k == "Join") return r.read_into(h.join);
    if (k == "Nodes") return r.read_into(h.nodes);
    if (k == "UserStateLen") return r.read_into(h.user_state_len);
    return r.skip();
  });
  if (!st) return st.error();
  return h;
}

template <class M>
void encode_push_pull(const M& m, Bytes& out) {
  std::size_t variable = m.user_state.size();
  for (const auto& n : m.nodes) {
    variable += 96 + n.name.size() + n.meta.size() + n.vsn.size();  // keys take 49 bytes
  }
  begin_push_pull(m.join, m.nodes.size(), m.user_state.size(), variable, out);
  msgpack::Writer w(out);
  for (const auto& n : m.nodes) write_node_state(w, n);
  out.insert(out.end(), m.user_state.begin(), m.user_state.end());
}

void assign_user_state(Bytes& out, ByteView v) {
  out.assign(v.begin(), v.end());
}
void assign_user_state(ByteView& out, ByteView v) {
  out = v;
}

// Fills `m`, a PushPull or a PushPullView.
template <class M>
Status decode_push_pull_into(ByteView body, M& m) {
  msgpack::Reader r(body);
  auto header = read_header(r);
  if (!header) return header.error();
  const PushPullHeader& h = *header;
  if (h.nodes < 0 || h.user_state_len < 0) return Error::bad_value;
  constexpr auto kMax = static_cast<std::int64_t>(kMaxStreamBytes);
  if (h.nodes > kMax || h.user_state_len > kMax || h.nodes + h.user_state_len > kMax) {
    return Error::too_large;
  }
  // Every node state takes at least one byte, and the user state its full length.
  const auto nodes = static_cast<std::size_t>(h.nodes);
  const auto user_len = static_cast<std::size_t>(h.user_state_len);
  if (nodes > r.remaining() || user_len > r.remaining() - nodes) return Error::truncated;

  m.join = h.join;
  m.nodes.clear();
  m.nodes.resize(nodes);
  for (auto& n : m.nodes) {
    Status st = read_node_state(r, n);
    if (!st) return st.error();
  }
  auto user = r.take(user_len);
  if (!user) return user.error();
  assign_user_state(m.user_state, *user);
  return Ok{};
}

}  // namespace

void begin_push_pull(bool join, std::size_t nodes, std::size_t user_state_len, std::size_t reserve,
                     Bytes& out) {
  msgpack::Writer w(out);
  w.reserve(64 + reserve);
  out.push_back(static_cast<std::uint8_t>(MessageType::push_pull));
  w.write_map_header(3);
  w.write_string("Join");
  w.write_bool(join);
  w.write_string("Nodes");
  w.write_int(static_cast<std::int64_t>(nodes));
  w.write_string("UserStateLen");
  w.write_int(static_cast<std::int64_t>(user_state_len));
}

NodeStateParts node_state_parts(const Ip& addr, std::uint16_t port, std::string_view name,
                                ByteView meta, ByteView vsn) {
  NodeStateParts p;
  msgpack::Writer w(p.bytes);
  w.reserve(64 + name.size() + meta.size() + vsn.size());
  write_card_head(w, addr);
  p.head = static_cast<std::uint32_t>(p.bytes.size());
  write_card_middle(w, meta, name, port);
  p.middle = static_cast<std::uint32_t>(p.bytes.size());
  write_card_tail(w, vsn);
  return p;
}

void append_node_state(const NodeStateParts& p, std::uint32_t incarnation, WireState state,
                       Bytes& out) {
  const std::uint8_t* b = p.bytes.data();
  msgpack::Writer w(out);
  out.insert(out.end(), b, b + p.head);
  w.write_uint(incarnation);
  out.insert(out.end(), b + p.head, b + p.middle);
  w.write_int(static_cast<std::int64_t>(state));
  out.insert(out.end(), b + p.middle, b + p.bytes.size());
}

void encode(const PushPull& m, Bytes& out) {
  encode_push_pull(m, out);
}

void encode(const PushPullView& m, Bytes& out) {
  encode_push_pull(m, out);
}

Result<PushPull> decode_push_pull(ByteView body) {
  PushPull m;
  Status st = decode_push_pull_into(body, m);
  if (!st) return st.error();
  return m;
}

Status decode_push_pull_view(ByteView body, PushPullView& out) {
  return decode_push_pull_into(body, out);
}

void encode_user_stream(ByteView payload, Bytes& out) {
  msgpack::Writer w(out);
  w.reserve(32 + payload.size());
  out.push_back(static_cast<std::uint8_t>(MessageType::user));
  w.write_map_header(1);
  w.write_string("UserMsgLen");
  w.write_int(static_cast<std::int64_t>(payload.size()));
  out.insert(out.end(), payload.begin(), payload.end());
}

Result<Bytes> decode_user_stream(ByteView body) {
  msgpack::Reader r(body);
  UserMsgHeader h;
  Status st = r.read_struct([&](std::string_view k) -> Status {
    if (k == "UserMsgLen") return r.read_into(h.user_msg_len);
    return r.skip();
  });
  if (!st) return st.error();
  if (h.user_msg_len < 0) return Error::bad_value;
  if (h.user_msg_len > static_cast<std::int64_t>(kMaxStreamBytes)) return Error::too_large;
  auto payload = r.take(static_cast<std::size_t>(h.user_msg_len));
  if (!payload) return payload.error();
  return Bytes(payload->begin(), payload->end());
}

}  // namespace rumor::codec
