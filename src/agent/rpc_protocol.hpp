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

// ---- bodies -----------------------------------------------------------------------
// Every request, response and stream record below is described once (rpc_fields.hpp,
// codec/wire_struct.hpp) and encoded or decoded through these two, defined for each of
// them and for StatsResponse. Requests are written in the field order of Serf's client
// structs (client/const.go), the agent's replies with sorted keys, as Go writes them;
// either side reads keys in any order.
template <class T>
Status decode(Reader& r, T& out);
template <class T>
void encode(RpcWriter& w, const T& body);

// ---- requests (sent by clients, decoded by the agent) -------------------------------
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

// ---- responses and records (sent by the agent, decoded by clients) ------------------
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

struct ResponseHeader {
  std::uint64_t seq = 0;
  std::string error;
};
struct JoinResponse {
  std::int32_t num = 0;
};
struct MembersResponse {
  std::vector<RpcMember> members;
};
using StatsResponse = std::map<std::string, std::map<std::string, std::string>>;
struct KeyResponse {
  std::map<std::string, std::string> messages;
  std::map<std::string, std::int64_t> keys;
  std::int64_t num_nodes = 0, num_err = 0, num_resp = 0;
};
// Go's coordinateResponse{Coord, Ok}: without a coordinate, Go's zero value (Vec nil).
struct CoordinateResponse {
  serf::Coordinate coord;
  bool ok = false;  // false: the agent has no coordinate for the node
};

// Stream records: events (the "stream" command), query progress, log lines.
struct MemberEventRecord {
  std::string event;  // "member-join" etc.
  std::vector<RpcMember> members;
};
struct UserEventRecord {
  bool coalesce = false;
  std::string event = "user";
  std::uint64_t ltime = 0;
  std::string name;
  Bytes payload;
};
struct QueryEventRecord {
  std::string event = "query";
  std::uint64_t id = 0;
  std::uint64_t ltime = 0;
  std::string name;
  Bytes payload;
};
// One record of a query's stream: Type "ack", "response" or "done".
struct QueryRecord {
  std::string from;
  Bytes payload;
  std::string type;
};
struct LogRecord {
  std::string log;
};

}  // namespace rumor::agent::rpc
