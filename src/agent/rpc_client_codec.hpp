// The client's direction of Serf's agent RPC protocol: request bodies encoded as Serf's
// client writes them (fields in its declaration order, strings as str, bytes as bin) and
// response bodies decoded, tolerantly and bounds-checked, as Go's decoder reads them.
// The request and member structs are the agent's own (rpc_protocol.hpp); this file adds
// the encoders for them and the response types only a client reads.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "agent/rpc_protocol.hpp"
#include "agent/rpc_writer.hpp"

namespace rumor::agent::rpc {

// ---- request bodies -------------------------------------------------------------------
void encode(RpcWriter& w, const HandshakeRequest& req);
void encode(RpcWriter& w, const AuthRequest& req);
void encode(RpcWriter& w, const EventRequest& req);
void encode(RpcWriter& w, const ForceLeaveRequest& req);
void encode(RpcWriter& w, const JoinRequest& req);
void encode(RpcWriter& w, const MembersFilteredRequest& req);
void encode(RpcWriter& w, const TagsRequest& req);
void encode(RpcWriter& w, const MonitorRequest& req);
void encode(RpcWriter& w, const StopRequest& req);
void encode(RpcWriter& w, const QueryRequest& req);
void encode(RpcWriter& w, const KeyRequest& req);
void encode(RpcWriter& w, const CoordinateRequest& req);

// ---- response bodies and stream records -----------------------------------------------
struct JoinResponse {
  std::int32_t num = 0;
};
using StatsResponse = std::map<std::string, std::map<std::string, std::string>>;

// Serf's Vivaldi coordinate (serf/coordinate): Vec in seconds, as Go encodes the struct.
struct Coordinate {
  std::vector<double> vec;
  double error = 0, adjustment = 0, height = 0;
};
struct CoordinateResponse {
  Coordinate coord;
  bool ok = false;  // false: the agent has no coordinate for the node
};
// The estimated round trip between two coordinates in seconds, as Serf's DistanceTo
// computes it; nullopt when their dimensions differ.
std::optional<double> rtt_seconds(const Coordinate& a, const Coordinate& b);

// One record of a query's stream: Type "ack", "response" or "done".
struct QueryRecord {
  std::string type;
  std::string from;
  Bytes payload;
};
struct LogRecord {
  std::string log;
};

Status decode(Reader& r, JoinResponse& out);
Status decode(Reader& r, StatsResponse& out);
Status decode(Reader& r, KeyResponse& out);
Status decode(Reader& r, Coordinate& out);
Status decode(Reader& r, CoordinateResponse& out);
Status decode(Reader& r, QueryRecord& out);
Status decode(Reader& r, LogRecord& out);

}  // namespace rumor::agent::rpc
