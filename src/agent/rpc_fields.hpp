// The RPC bodies of rpc_protocol.hpp described once each (codec/wire_struct.hpp), for
// rpc_protocol.cpp's encode and decode. Requests list their fields in the order of Serf's
// client structs (client/const.go), which is how its client writes them; replies and
// records in sorted order, as the agent's Go codec writes them. Maps and slices a Go
// client leaves nil when empty are written as nil.
#pragma once

#include "agent/rpc_protocol.hpp"
#include "codec/wire_struct.hpp"
#include "serf/coordinate_fields.hpp"
#include "serf/member_fields.hpp"

namespace rumor::agent::rpc {

using codec::wire::field;
using codec::wire::IfEmpty;
namespace wire = codec::wire;

constexpr auto wire_fields(const RequestHeader*) {
  return wire::fields(field("Command", &RequestHeader::command), field("Seq", &RequestHeader::seq));
}
constexpr auto wire_fields(const HandshakeRequest*) {
  return wire::fields(field("Version", &HandshakeRequest::version));
}
constexpr auto wire_fields(const AuthRequest*) {
  return wire::fields(field("AuthKey", &AuthRequest::auth_key));
}
constexpr auto wire_fields(const EventRequest*) {
  return wire::fields(field("Name", &EventRequest::name), field("Payload", &EventRequest::payload),
                      field("Coalesce", &EventRequest::coalesce));
}
constexpr auto wire_fields(const ForceLeaveRequest*) {
  return wire::fields(field("Node", &ForceLeaveRequest::node),
                      field("Prune", &ForceLeaveRequest::prune));
}
constexpr auto wire_fields(const JoinRequest*) {
  return wire::fields(field("Existing", &JoinRequest::existing, IfEmpty::nil),
                      field("Replay", &JoinRequest::replay));
}
constexpr auto wire_fields(const MembersFilteredRequest*) {
  using M = MembersFilteredRequest;
  return wire::fields(field("Tags", &M::tags, IfEmpty::nil), field("Status", &M::status),
                      field("Name", &M::name));
}
constexpr auto wire_fields(const TagsRequest*) {
  return wire::fields(field("Tags", &TagsRequest::tags, IfEmpty::nil),
                      field("DeleteTags", &TagsRequest::delete_tags, IfEmpty::nil));
}
constexpr auto wire_fields(const StreamRequest*) {
  return wire::fields(field("Type", &StreamRequest::type));
}
constexpr auto wire_fields(const MonitorRequest*) {
  return wire::fields(field("LogLevel", &MonitorRequest::log_level));
}
constexpr auto wire_fields(const StopRequest*) {
  return wire::fields(field("Stop", &StopRequest::stop));
}
constexpr auto wire_fields(const QueryRequest*) {
  using M = QueryRequest;
  return wire::fields(field("FilterNodes", &M::filter_nodes, IfEmpty::nil),
                      field("FilterTags", &M::filter_tags, IfEmpty::nil),
                      field("RequestAck", &M::request_ack), field("RelayFactor", &M::relay_factor),
                      field("Timeout", &M::timeout_ns), field("Name", &M::name),
                      field("Payload", &M::payload));
}
constexpr auto wire_fields(const RespondRequest*) {
  return wire::fields(field("ID", &RespondRequest::id), field("Payload", &RespondRequest::payload));
}
constexpr auto wire_fields(const KeyRequest*) {
  return wire::fields(field("Key", &KeyRequest::key));
}
constexpr auto wire_fields(const CoordinateRequest*) {
  return wire::fields(field("Node", &CoordinateRequest::node));
}

constexpr auto wire_fields(const RpcMember*) {
  return serf::member_fields<RpcMember>();
}
constexpr auto wire_fields(const ResponseHeader*) {
  return wire::fields(field("Error", &ResponseHeader::error), field("Seq", &ResponseHeader::seq));
}
constexpr auto wire_fields(const JoinResponse*) {
  return wire::fields(field("Num", &JoinResponse::num));
}
constexpr auto wire_fields(const MembersResponse*) {
  return wire::fields(field("Members", &MembersResponse::members));
}
constexpr auto wire_fields(const KeyResponse*) {
  using M = KeyResponse;
  return wire::fields(field("Keys", &M::keys), field("Messages", &M::messages),
                      field("NumErr", &M::num_err), field("NumNodes", &M::num_nodes),
                      field("NumResp", &M::num_resp));
}
constexpr auto wire_fields(const CoordinateResponse*) {
  return wire::fields(field("Coord", &CoordinateResponse::coord),
                      field("Ok", &CoordinateResponse::ok));
}
constexpr auto wire_fields(const MemberEventRecord*) {
  return wire::fields(field("Event", &MemberEventRecord::event),
                      field("Members", &MemberEventRecord::members));
}
constexpr auto wire_fields(const UserEventRecord*) {
  using M = UserEventRecord;
  return wire::fields(field("Coalesce", &M::coalesce), field("Event", &M::event),
                      field("LTime", &M::ltime), field("Name", &M::name),
                      field("Payload", &M::payload));
}
constexpr auto wire_fields(const QueryEventRecord*) {
  using M = QueryEventRecord;
  return wire::fields(field("Event", &M::event), field("ID", &M::id), field("LTime", &M::ltime),
                      field("Name", &M::name), field("Payload", &M::payload));
}
constexpr auto wire_fields(const QueryRecord*) {
  return wire::fields(field("From", &QueryRecord::from), field("Payload", &QueryRecord::payload),
                      field("Type", &QueryRecord::type));
}
constexpr auto wire_fields(const LogRecord*) {
  return wire::fields(field("Log", &LogRecord::log));
}

}  // namespace rumor::agent::rpc
