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

#include "codec/messages.hpp"
#include "codec/msgpack.hpp"
#include "codec/packet.hpp"
#include "codec/wire_struct.hpp"

namespace rumor::codec {

using wire::field;
using wire::IfEmpty;

// PushNodeState and its view (strings pointing into the body) share one table.
template <class N>
constexpr auto node_state_fields() {
  return wire::fields(field("Addr", &N::addr), field("Incarnation", &N::incarnation),
                      field("Meta", &N::meta, IfEmpty::nil), field("Name", &N::name),
                      field("Port", &N::port), field("State", &N::state),
                      field("Vsn", &N::vsn, IfEmpty::nil));
}
constexpr auto wire_fields(const PushNodeState*) {
  return node_state_fields<PushNodeState>();
}
constexpr auto wire_fields(const PushNodeStateView*) {
  return node_state_fields<PushNodeStateView>();
}

constexpr auto wire_fields(const PushPullHeader*) {
  return wire::fields(field("Join", &PushPullHeader::join), field("Nodes", &PushPullHeader::nodes),
                      field("UserStateLen", &PushPullHeader::user_state_len));
}

constexpr auto wire_fields(const UserMsgHeader*) {
  return wire::fields(field("UserMsgLen", &UserMsgHeader::user_msg_len));
}

namespace {

// Writes a node state through its description but for the Incarnation and State values,
// marking where they go: what a member's card fixes, split into three runs. A state's
// values are scalars and strings, so keys and values alternate.
class CardWriter {
 public:
  CardWriter(msgpack::Writer& w, NodeStateParts& p) : g_(w), p_(p) {}
  void nil() {
    value([&] { g_.nil(); });
  }
  void uint(std::uint64_t v) {
    value([&] { g_.uint(v); });
  }
  void sint(std::int64_t v) {
    value([&] { g_.sint(v); });
  }
  void str(std::string_view s) {
    if (!at_key_) return value([&] { g_.str(s); });
    g_.str(s);
    at_key_ = false;
    std::uint32_t* mark = s == "Incarnation" ? &p_.head : s == "State" ? &p_.middle : nullptr;
    if (mark) *mark = static_cast<std::uint32_t>(p_.bytes.size());
    skip_ = mark != nullptr;
  }
  void bin(ByteView b) {
    value([&] { g_.bin(b); });
  }
  void map(std::uint32_t n) { g_.map(n); }

 private:
  template <class F>
  void value(F&& write) {
    if (!skip_) write();
    skip_ = false;
    at_key_ = true;
  }
  wire::GossipWriter g_;
  NodeStateParts& p_;
  bool at_key_ = true, skip_ = false;
};

template <class N>
void write_node_state(msgpack::Writer& w, const N& n) {
  wire::GossipWriter g(w);
  wire::write(g, n);
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
  PushPullHeader h;
  if (Status st = wire::read(r, h); !st) return st.error();
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
    Status st = wire::read(r, n);
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
  wire::GossipWriter g(w);
  wire::write(g, PushPullHeader{static_cast<std::int64_t>(nodes),
                                static_cast<std::int64_t>(user_state_len), join});
}

NodeStateParts node_state_parts(const Ip& addr, std::uint16_t port, std::string_view name,
                                ByteView meta, ByteView vsn) {
  NodeStateParts p;
  msgpack::Writer w(p.bytes);
  w.reserve(64 + name.size() + meta.size() + vsn.size());
  CardWriter card(w, p);
  PushNodeStateView n;
  n.name = name, n.addr = addr, n.port = port, n.meta = meta, n.vsn = vsn;
  wire::write(card, n);
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
  wire::GossipWriter g(w);
  wire::write(g, UserMsgHeader{static_cast<std::int64_t>(payload.size())});
  out.insert(out.end(), payload.begin(), payload.end());
}

Result<Bytes> decode_user_stream(ByteView body) {
  msgpack::Reader r(body);
  UserMsgHeader h;
  if (Status st = wire::read(r, h); !st) return st.error();
  if (h.user_msg_len < 0) return Error::bad_value;
  if (h.user_msg_len > static_cast<std::int64_t>(kMaxStreamBytes)) return Error::too_large;
  auto payload = r.take(static_cast<std::size_t>(h.user_msg_len));
  if (!payload) return payload.error();
  return Bytes(payload->begin(), payload->end());
}

}  // namespace rumor::codec
