#include "agent/rpc_client_codec.hpp"

#include <cmath>

namespace rumor::agent::rpc {

namespace {

using codec::Ok;

// A Go map or slice that is nil when empty, as Serf's client sends them.
void string_map_or_nil(RpcWriter& w, const std::map<std::string, std::string>& m) {
  if (m.empty())
    w.nil();
  else
    w.string_map(m);
}
void string_array_or_nil(RpcWriter& w, const std::vector<std::string>& v) {
  if (v.empty())
    w.nil();
  else
    w.string_array(v);
}

}  // namespace

// ---- request bodies, fields in the order of Serf's client structs (client/const.go) ----

void encode(RpcWriter& w, const HandshakeRequest& req) {
  w.map(1);
  w.key("Version");
  w.sint(req.version);
}

void encode(RpcWriter& w, const AuthRequest& req) {
  w.map(1);
  w.key("AuthKey");
  w.str(req.auth_key);
}

void encode(RpcWriter& w, const EventRequest& req) {
  w.map(3);
  w.key("Name");
  w.str(req.name);
  w.key("Payload");
  w.bin(req.payload);
  w.key("Coalesce");
  w.boolean(req.coalesce);
}

void encode(RpcWriter& w, const ForceLeaveRequest& req) {
  w.map(2);
  w.key("Node");
  w.str(req.node);
  w.key("Prune");
  w.boolean(req.prune);
}

void encode(RpcWriter& w, const JoinRequest& req) {
  w.map(2);
  w.key("Existing");
  string_array_or_nil(w, req.existing);
  w.key("Replay");
  w.boolean(req.replay);
}

void encode(RpcWriter& w, const MembersFilteredRequest& req) {
  w.map(3);
  w.key("Tags");
  string_map_or_nil(w, req.tags);
  w.key("Status");
  w.str(req.status);
  w.key("Name");
  w.str(req.name);
}

void encode(RpcWriter& w, const TagsRequest& req) {
  w.map(2);
  w.key("Tags");
  string_map_or_nil(w, req.tags);
  w.key("DeleteTags");
  string_array_or_nil(w, req.delete_tags);
}

void encode(RpcWriter& w, const MonitorRequest& req) {
  w.map(1);
  w.key("LogLevel");
  w.str(req.log_level);
}

void encode(RpcWriter& w, const StopRequest& req) {
  w.map(1);
  w.key("Stop");
  w.uint(req.stop);
}

void encode(RpcWriter& w, const QueryRequest& req) {
  w.map(7);
  w.key("FilterNodes");
  string_array_or_nil(w, req.filter_nodes);
  w.key("FilterTags");
  string_map_or_nil(w, req.filter_tags);
  w.key("RequestAck");
  w.boolean(req.request_ack);
  w.key("RelayFactor");
  w.uint(req.relay_factor);
  w.key("Timeout");
  w.sint(req.timeout_ns);
  w.key("Name");
  w.str(req.name);
  w.key("Payload");
  w.bin(req.payload);
}

void encode(RpcWriter& w, const KeyRequest& req) {
  w.map(1);
  w.key("Key");
  w.str(req.key);
}

void encode(RpcWriter& w, const CoordinateRequest& req) {
  w.map(1);
  w.key("Node");
  w.str(req.node);
}

// ---- response bodies -------------------------------------------------------------------

#define RUMOR_FIELD(name, expr) \
  if (key == name) return std::optional<Status>(expr)

Status decode(Reader& r, JoinResponse& out) {
  return read_fields(r, [&](std::string_view key) -> std::optional<Status> {
    RUMOR_FIELD("Num", r.read_into(out.num));
    return std::nullopt;
  });
}

Status decode(Reader& r, StatsResponse& out) {
  if (r.is_nil()) return r.read_nil();
  auto n = r.read_map_header();
  if (!n) return n.error();
  for (std::uint32_t i = 0; i < *n; ++i) {
    auto section = r.read_string();
    if (!section) return section.error();
    if (auto st = read_string_map(r, out[*section]); !st) return st;
  }
  return Ok{};
}

namespace {
Status read_int_map(Reader& r, std::map<std::string, std::int64_t>& out) {
  if (r.is_nil()) return r.read_nil();
  auto n = r.read_map_header();
  if (!n) return n.error();
  for (std::uint32_t i = 0; i < *n; ++i) {
    auto k = r.read_string();
    if (!k) return k.error();
    auto v = r.read_int();
    if (!v) return v.error();
    out[std::move(*k)] = *v;
  }
  return Ok{};
}

Status read_float_array(Reader& r, std::vector<double>& out) {
  if (r.is_nil()) return r.read_nil();
  auto n = r.read_array_header();
  if (!n) return n.error();
  out.reserve(*n);
  for (std::uint32_t i = 0; i < *n; ++i) {
    auto v = r.read_float();
    if (!v) return v.error();
    out.push_back(*v);
  }
  return Ok{};
}
}  // namespace

Status decode(Reader& r, KeyResponse& out) {
  return read_fields(r, [&](std::string_view key) -> std::optional<Status> {
    RUMOR_FIELD("Messages", read_string_map(r, out.messages));
    RUMOR_FIELD("Keys", read_int_map(r, out.keys));
    RUMOR_FIELD("NumNodes", r.read_into(out.num_nodes));
    RUMOR_FIELD("NumErr", r.read_into(out.num_err));
    RUMOR_FIELD("NumResp", r.read_into(out.num_resp));
    return std::nullopt;
  });
}

Status decode(Reader& r, Coordinate& out) {
  return read_fields(r, [&](std::string_view key) -> std::optional<Status> {
    RUMOR_FIELD("Vec", read_float_array(r, out.vec));
    RUMOR_FIELD("Error", r.read_into(out.error));
    RUMOR_FIELD("Adjustment", r.read_into(out.adjustment));
    RUMOR_FIELD("Height", r.read_into(out.height));
    return std::nullopt;
  });
}

Status decode(Reader& r, CoordinateResponse& out) {
  return read_fields(r, [&](std::string_view key) -> std::optional<Status> {
    RUMOR_FIELD("Coord", decode(r, out.coord));
    RUMOR_FIELD("Ok", r.read_into(out.ok));
    return std::nullopt;
  });
}

Status decode(Reader& r, QueryRecord& out) {
  return read_fields(r, [&](std::string_view key) -> std::optional<Status> {
    RUMOR_FIELD("Type", r.read_into(out.type));
    RUMOR_FIELD("From", r.read_into(out.from));
    RUMOR_FIELD("Payload", r.read_into(out.payload));
    return std::nullopt;
  });
}

Status decode(Reader& r, LogRecord& out) {
  return read_fields(r, [&](std::string_view key) -> std::optional<Status> {
    RUMOR_FIELD("Log", r.read_into(out.log));
    return std::nullopt;
  });
}

#undef RUMOR_FIELD

std::optional<double> rtt_seconds(const Coordinate& a, const Coordinate& b) {
  if (a.vec.size() != b.vec.size()) return std::nullopt;
  auto as_serf = [](const Coordinate& c) {
    return serf::Coordinate{c.vec, c.error, c.adjustment, c.height};
  };
  return serf::distance_seconds(as_serf(a), as_serf(b));
}

}  // namespace rumor::agent::rpc
