#include "agent/rpc_protocol.hpp"

#include "serf/ping_payload.hpp"

namespace rumor::agent::rpc {

namespace {
using codec::Ok;
}  // namespace

Status read_string_map(Reader& r, std::map<std::string, std::string>& out) {
  if (r.is_nil()) return r.read_nil();
  auto n = r.read_map_header();
  if (!n) return n.error();
  for (std::uint32_t i = 0; i < *n; ++i) {
    auto k = r.read_string();
    if (!k) return k.error();
    auto v = r.read_string();
    if (!v) return v.error();
    out[std::move(*k)] = std::move(*v);
  }
  return Ok{};
}

Status read_string_array(Reader& r, std::vector<std::string>& out) {
  if (r.is_nil()) return r.read_nil();
  auto n = r.read_array_header();
  if (!n) return n.error();
  out.reserve(*n);
  for (std::uint32_t i = 0; i < *n; ++i) {
    auto s = r.read_string();
    if (!s) return s.error();
    out.push_back(std::move(*s));
  }
  return Ok{};
}

#define RUMOR_FIELD(name, expr) \
  if (key == name) return std::optional<Status>(expr)

Status decode(Reader& r, RequestHeader& out) {
  return read_fields(r, [&](std::string_view key) -> std::optional<Status> {
    RUMOR_FIELD("Command", r.read_into(out.command));
    RUMOR_FIELD("Seq", r.read_into(out.seq));
    return std::nullopt;
  });
}
Status decode(Reader& r, HandshakeRequest& out) {
  return read_fields(r, [&](std::string_view key) -> std::optional<Status> {
    RUMOR_FIELD("Version", r.read_into(out.version));
    return std::nullopt;
  });
}
Status decode(Reader& r, AuthRequest& out) {
  return read_fields(r, [&](std::string_view key) -> std::optional<Status> {
    RUMOR_FIELD("AuthKey", r.read_into(out.auth_key));
    return std::nullopt;
  });
}
Status decode(Reader& r, EventRequest& out) {
  return read_fields(r, [&](std::string_view key) -> std::optional<Status> {
    RUMOR_FIELD("Name", r.read_into(out.name));
    RUMOR_FIELD("Payload", r.read_into(out.payload));
    RUMOR_FIELD("Coalesce", r.read_into(out.coalesce));
    return std::nullopt;
  });
}
Status decode(Reader& r, ForceLeaveRequest& out) {
  return read_fields(r, [&](std::string_view key) -> std::optional<Status> {
    RUMOR_FIELD("Node", r.read_into(out.node));
    RUMOR_FIELD("Prune", r.read_into(out.prune));
    return std::nullopt;
  });
}
Status decode(Reader& r, JoinRequest& out) {
  return read_fields(r, [&](std::string_view key) -> std::optional<Status> {
    RUMOR_FIELD("Existing", read_string_array(r, out.existing));
    RUMOR_FIELD("Replay", r.read_into(out.replay));
    return std::nullopt;
  });
}
Status decode(Reader& r, MembersFilteredRequest& out) {
  return read_fields(r, [&](std::string_view key) -> std::optional<Status> {
    RUMOR_FIELD("Tags", read_string_map(r, out.tags));
    RUMOR_FIELD("Status", r.read_into(out.status));
    RUMOR_FIELD("Name", r.read_into(out.name));
    return std::nullopt;
  });
}
Status decode(Reader& r, TagsRequest& out) {
  return read_fields(r, [&](std::string_view key) -> std::optional<Status> {
    RUMOR_FIELD("Tags", read_string_map(r, out.tags));
    RUMOR_FIELD("DeleteTags", read_string_array(r, out.delete_tags));
    return std::nullopt;
  });
}
Status decode(Reader& r, StreamRequest& out) {
  return read_fields(r, [&](std::string_view key) -> std::optional<Status> {
    RUMOR_FIELD("Type", r.read_into(out.type));
    return std::nullopt;
  });
}
Status decode(Reader& r, MonitorRequest& out) {
  return read_fields(r, [&](std::string_view key) -> std::optional<Status> {
    RUMOR_FIELD("LogLevel", r.read_into(out.log_level));
    return std::nullopt;
  });
}
Status decode(Reader& r, StopRequest& out) {
  return read_fields(r, [&](std::string_view key) -> std::optional<Status> {
    RUMOR_FIELD("Stop", r.read_into(out.stop));
    return std::nullopt;
  });
}
Status decode(Reader& r, QueryRequest& out) {
  return read_fields(r, [&](std::string_view key) -> std::optional<Status> {
    RUMOR_FIELD("FilterNodes", read_string_array(r, out.filter_nodes));
    RUMOR_FIELD("FilterTags", read_string_map(r, out.filter_tags));
    RUMOR_FIELD("RequestAck", r.read_into(out.request_ack));
    RUMOR_FIELD("RelayFactor", r.read_into(out.relay_factor));
    RUMOR_FIELD("Timeout", r.read_into(out.timeout_ns));
    RUMOR_FIELD("Name", r.read_into(out.name));
    RUMOR_FIELD("Payload", r.read_into(out.payload));
    return std::nullopt;
  });
}
Status decode(Reader& r, RespondRequest& out) {
  return read_fields(r, [&](std::string_view key) -> std::optional<Status> {
    RUMOR_FIELD("ID", r.read_into(out.id));
    RUMOR_FIELD("Payload", r.read_into(out.payload));
    return std::nullopt;
  });
}
Status decode(Reader& r, KeyRequest& out) {
  return read_fields(r, [&](std::string_view key) -> std::optional<Status> {
    RUMOR_FIELD("Key", r.read_into(out.key));
    return std::nullopt;
  });
}
Status decode(Reader& r, CoordinateRequest& out) {
  return read_fields(r, [&](std::string_view key) -> std::optional<Status> {
    RUMOR_FIELD("Node", r.read_into(out.node));
    return std::nullopt;
  });
}
Status decode(Reader& r, ResponseHeader& out) {
  return read_fields(r, [&](std::string_view key) -> std::optional<Status> {
    RUMOR_FIELD("Seq", r.read_into(out.seq));
    RUMOR_FIELD("Error", r.read_into(out.error));
    return std::nullopt;
  });
}
Status decode(Reader& r, RpcMember& out) {
  return read_fields(r, [&](std::string_view key) -> std::optional<Status> {
    RUMOR_FIELD("Name", r.read_into(out.name));
    RUMOR_FIELD("Addr", r.read_into(out.addr));
    RUMOR_FIELD("Port", r.read_into(out.port));
    RUMOR_FIELD("Tags", read_string_map(r, out.tags));
    RUMOR_FIELD("Status", r.read_into(out.status));
    RUMOR_FIELD("ProtocolMin", r.read_into(out.protocol_min));
    RUMOR_FIELD("ProtocolMax", r.read_into(out.protocol_max));
    RUMOR_FIELD("ProtocolCur", r.read_into(out.protocol_cur));
    RUMOR_FIELD("DelegateMin", r.read_into(out.delegate_min));
    RUMOR_FIELD("DelegateMax", r.read_into(out.delegate_max));
    RUMOR_FIELD("DelegateCur", r.read_into(out.delegate_cur));
    return std::nullopt;
  });
}
Status decode_members_response(Reader& r, std::vector<RpcMember>& out) {
  return read_fields(r, [&](std::string_view key) -> std::optional<Status> {
    if (key != "Members") return std::nullopt;
    if (r.is_nil()) return r.read_nil();
    auto n = r.read_array_header();
    if (!n) return Status(n.error());
    for (std::uint32_t i = 0; i < *n; ++i) {
      RpcMember m;
      if (auto st = decode(r, m); !st) return st;
      out.push_back(std::move(m));
    }
    return Status(Ok{});
  });
}

#undef RUMOR_FIELD

RpcMember rpc_member(const MemberInfo& m) {
  RpcMember r;
  r.name = m.name;
  r.addr = m.ip;
  r.port = m.port;
  r.tags = m.tags;
  r.status = m.status;
  copy_versions(m, r);
  return r;
}

// ---- encoders (keys in Go's sorted order) ---------------------------------------------

void encode_request_header(RpcWriter& w, const std::string& command, std::uint64_t seq) {
  w.map(2);
  w.key("Command");
  w.str(command);
  w.key("Seq");
  w.uint(seq);
}

void encode_response_header(RpcWriter& w, std::uint64_t seq, const std::string& error) {
  w.map(2);
  w.key("Error");
  w.str(error);
  w.key("Seq");
  w.uint(seq);
}

void encode_join_response(RpcWriter& w, std::int32_t num) {
  w.map(1);
  w.key("Num");
  w.sint(num);
}

namespace {
void encode_member(RpcWriter& w, const RpcMember& m) {
  w.map(11);
  w.key("Addr");
  w.bin(m.addr);
  w.key("DelegateCur");
  w.uint(m.delegate_cur);
  w.key("DelegateMax");
  w.uint(m.delegate_max);
  w.key("DelegateMin");
  w.uint(m.delegate_min);
  w.key("Name");
  w.str(m.name);
  w.key("Port");
  w.uint(m.port);
  w.key("ProtocolCur");
  w.uint(m.protocol_cur);
  w.key("ProtocolMax");
  w.uint(m.protocol_max);
  w.key("ProtocolMin");
  w.uint(m.protocol_min);
  w.key("Status");
  w.str(m.status);
  w.key("Tags");
  w.string_map(m.tags);
}
void encode_members(RpcWriter& w, const std::vector<RpcMember>& members) {
  w.array(static_cast<std::uint32_t>(members.size()));
  for (const auto& m : members) encode_member(w, m);
}
}  // namespace

void encode_members_response(RpcWriter& w, const std::vector<RpcMember>& members) {
  w.map(1);
  w.key("Members");
  encode_members(w, members);
}

void encode_stats(RpcWriter& w,
                  const std::map<std::string, std::map<std::string, std::string>>& stats) {
  w.map(static_cast<std::uint32_t>(stats.size()));
  for (const auto& [section, values] : stats) {
    w.str(section);
    w.string_map(values);
  }
}

void encode_member_event(RpcWriter& w, const std::string& event,
                         const std::vector<RpcMember>& members) {
  w.map(2);
  w.key("Event");
  w.str(event);
  w.key("Members");
  encode_members(w, members);
}

void encode_user_event(RpcWriter& w, std::uint64_t ltime, const std::string& name, ByteView payload,
                       bool coalesce) {
  w.map(5);
  w.key("Coalesce");
  w.boolean(coalesce);
  w.key("Event");
  w.str("user");
  w.key("LTime");
  w.uint(ltime);
  w.key("Name");
  w.str(name);
  w.key("Payload");
  w.bin(payload);
}

void encode_query_event(RpcWriter& w, std::uint64_t id, std::uint64_t ltime,
                        const std::string& name, ByteView payload) {
  w.map(5);
  w.key("Event");
  w.str("query");
  w.key("ID");
  w.uint(id);
  w.key("LTime");
  w.uint(ltime);
  w.key("Name");
  w.str(name);
  w.key("Payload");
  w.bin(payload);
}

void encode_query_record(RpcWriter& w, const std::string& type, const std::string& from,
                         ByteView payload) {
  w.map(3);
  w.key("From");
  w.str(from);
  w.key("Payload");
  w.bin(payload);
  w.key("Type");
  w.str(type);
}

void encode_log_record(RpcWriter& w, const std::string& line) {
  w.map(1);
  w.key("Log");
  w.str(line);
}

void encode_key_response(RpcWriter& w, const KeyResponse& k) {
  w.map(5);
  w.key("Keys");
  w.map(static_cast<std::uint32_t>(k.keys.size()));
  for (const auto& [key, n] : k.keys) {
    w.str(key);
    w.sint(n);
  }
  w.key("Messages");
  w.string_map(k.messages);
  w.key("NumErr");
  w.sint(k.num_err);
  w.key("NumNodes");
  w.sint(k.num_nodes);
  w.key("NumResp");
  w.sint(k.num_resp);
}

void encode_coordinate_response(RpcWriter& w, const serf::Coordinate* coord) {
  w.map(2);
  w.key("Coord");
  // The gossip codec's bytes are the RPC codec's here: short keys and float64s only.
  serf::encode_coordinate(coord ? *coord : serf::Coordinate{}, w.out());
  w.key("Ok");
  w.boolean(coord != nullptr);
}

}  // namespace rumor::agent::rpc
