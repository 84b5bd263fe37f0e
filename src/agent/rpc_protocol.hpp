// Serf's agent RPC ("IPC") protocol, so the real `serf` command can drive a rumor agent:
// msgpack over TCP, each request a header {Command, Seq} followed by a body, each
// response a header {Seq, Error} optionally followed by a body; streams (stream,
// monitor, query) send further records under the request's Seq. Field names and
// meanings follow serf's cmd/serf/command/agent/ipc.go; bodies are written with sorted
// keys, as Go's codec does.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/event.hpp"
#include "agent/rpc_writer.hpp"
#include "codec/msgpack.hpp"
#include "codec/result.hpp"
#include "serf/coordinate.hpp"

namespace rumor::agent::rpc {

using codec::Result;
using codec::Status;
using codec::msgpack::Reader;

inline constexpr std::int32_t kMinVersion = 1, kMaxVersion = 1;

// Errors Serf's clients compare against.
inline constexpr const char* kUnsupportedCommand = "Unsupported command";
inline constexpr const char* kUnsupportedVersion = "Unsupported IPC version";
inline constexpr const char* kDuplicateHandshake = "Handshake already performed";
inline constexpr const char* kHandshakeRequired = "Handshake required";
inline constexpr const char* kMonitorExists = "Monitor already exists";
inline constexpr const char* kInvalidFilter = "Invalid event filter";
inline constexpr const char* kStreamExists = "Stream with given sequence exists";
inline constexpr const char* kInvalidQueryId = "No pending queries matching ID";
inline constexpr const char* kAuthRequired = "Authentication required";
inline constexpr const char* kInvalidAuthToken = "Invalid authentication token";

// ---- reading helpers, shared by the agent's decoders and the client's (rpc_client_codec) -
// A Go map[string]string or []string; nil reads as empty.
Status read_string_map(Reader& r, std::map<std::string, std::string>& out);
Status read_string_array(Reader& r, std::vector<std::string>& out);
// Reads a struct, passing each key to `field`, which consumes the value and returns a
// Status, or returns nullopt for a key it does not know (skipped).
template <class F>
Status read_fields(Reader& r, F&& field) {
  return r.read_struct([&](std::string_view key) -> Status {
    if (auto st = field(key); st.has_value()) return *st;
    return r.skip();
  });
}

// ---- requests (decoded by the agent) --------------------------------------------------
struct RequestHeader {
  std::string command;
  std::uint64_t seq = 0;
};
struct HandshakeRequest {
  std::int32_t version = 0;
};
struct AuthRequest {
  std::string auth_key;
};
struct EventRequest {
  std::string name;
  Bytes payload;
  bool coalesce = false;
};
struct ForceLeaveRequest {
  std::string node;
  bool prune = false;
};
struct JoinRequest {
  std::vector<std::string> existing;
  bool replay = false;
};
struct MembersFilteredRequest {
  std::map<std::string, std::string> tags;
  std::string status;
  std::string name;
};
struct TagsRequest {
  std::map<std::string, std::string> tags;
  std::vector<std::string> delete_tags;
};
struct StreamRequest {
  std::string type;
};
struct MonitorRequest {
  std::string log_level;
};
struct StopRequest {
  std::uint64_t stop = 0;
};
struct QueryRequest {
  std::vector<std::string> filter_nodes;
  std::map<std::string, std::string> filter_tags;
  bool request_ack = false;
  std::uint8_t relay_factor = 0;
  std::int64_t timeout_ns = 0;
  std::string name;
  Bytes payload;
};
struct RespondRequest {
  std::uint64_t id = 0;
  Bytes payload;
};
struct KeyRequest {
  std::string key;
};
struct CoordinateRequest {
  std::string node;
};

Status decode(Reader& r, RequestHeader& out);
Status decode(Reader& r, HandshakeRequest& out);
Status decode(Reader& r, AuthRequest& out);
Status decode(Reader& r, EventRequest& out);
Status decode(Reader& r, ForceLeaveRequest& out);
Status decode(Reader& r, JoinRequest& out);
Status decode(Reader& r, MembersFilteredRequest& out);
Status decode(Reader& r, TagsRequest& out);
Status decode(Reader& r, StreamRequest& out);
Status decode(Reader& r, MonitorRequest& out);
Status decode(Reader& r, StopRequest& out);
Status decode(Reader& r, QueryRequest& out);
Status decode(Reader& r, RespondRequest& out);
Status decode(Reader& r, KeyRequest& out);
Status decode(Reader& r, CoordinateRequest& out);

// ---- responses and records (encoded by the agent) -------------------------------------
struct RpcMember {
  std::string name;
  Bytes addr;  // 4 or 16 bytes (Go net.IP)
  std::uint16_t port = 0;
  std::map<std::string, std::string> tags;
  std::string status;
  std::uint8_t protocol_min = 0, protocol_max = 0, protocol_cur = 0;
  std::uint8_t delegate_min = 0, delegate_max = 0, delegate_cur = 0;
};

// A member as Serf's RPC sends it, in "members" replies and member events alike.
RpcMember rpc_member(const MemberInfo& m);

void encode_response_header(RpcWriter& w, std::uint64_t seq, const std::string& error);
void encode_join_response(RpcWriter& w, std::int32_t num);
void encode_members_response(RpcWriter& w, const std::vector<RpcMember>& members);
void encode_stats(RpcWriter& w,
                  const std::map<std::string, std::map<std::string, std::string>>& stats);
void encode_member_event(RpcWriter& w, const std::string& event,
                         const std::vector<RpcMember>& members);
void encode_user_event(RpcWriter& w, std::uint64_t ltime, const std::string& name, ByteView payload,
                       bool coalesce);
void encode_query_event(RpcWriter& w, std::uint64_t id, std::uint64_t ltime,
                        const std::string& name, ByteView payload);
// type: "ack", "response" or "done".
void encode_query_record(RpcWriter& w, const std::string& type, const std::string& from,
                         ByteView payload);
void encode_log_record(RpcWriter& w, const std::string& line);
struct KeyResponse {
  std::map<std::string, std::string> messages;
  std::map<std::string, std::int64_t> keys;
  std::int64_t num_nodes = 0, num_err = 0, num_resp = 0;
};
void encode_key_response(RpcWriter& w, const KeyResponse& k);
// Go's coordinateResponse{Coord, Ok}: without a coordinate, Go's zero value (Vec nil).
void encode_coordinate_response(RpcWriter& w, const serf::Coordinate* coord);

// ---- client side (the rumor CLI, and tests acting as the serf CLI) ------------------
void encode_request_header(RpcWriter& w, const std::string& command, std::uint64_t seq);
struct ResponseHeader {
  std::uint64_t seq = 0;
  std::string error;
};
Status decode(Reader& r, ResponseHeader& out);
Status decode(Reader& r, RpcMember& out);
Status decode_members_response(Reader& r, std::vector<RpcMember>& out);

}  // namespace rumor::agent::rpc
