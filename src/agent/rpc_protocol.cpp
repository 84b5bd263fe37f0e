#include "agent/rpc_protocol.hpp"

#include "agent/rpc_fields.hpp"

namespace rumor::agent::rpc {

template <class T>
Status decode(Reader& r, T& out) {
  return wire::read_value(r, out);
}

template <class T>
void encode(RpcWriter& w, const T& body) {
  wire::write_value(w, body);
}

// The bodies rpc_protocol.hpp lists, each both ways: a client and the agent share them.
#define RUMOR_RPC_BODY(T)                 \
  template Status decode<T>(Reader&, T&); \
  template void encode<T>(RpcWriter&, const T&);
RUMOR_RPC_BODY(RequestHeader)
RUMOR_RPC_BODY(HandshakeRequest)
RUMOR_RPC_BODY(AuthRequest)
RUMOR_RPC_BODY(EventRequest)
RUMOR_RPC_BODY(ForceLeaveRequest)
RUMOR_RPC_BODY(JoinRequest)
RUMOR_RPC_BODY(MembersFilteredRequest)
RUMOR_RPC_BODY(TagsRequest)
RUMOR_RPC_BODY(StreamRequest)
RUMOR_RPC_BODY(MonitorRequest)
RUMOR_RPC_BODY(StopRequest)
RUMOR_RPC_BODY(QueryRequest)
RUMOR_RPC_BODY(RespondRequest)
RUMOR_RPC_BODY(KeyRequest)
RUMOR_RPC_BODY(CoordinateRequest)
RUMOR_RPC_BODY(ResponseHeader)
RUMOR_RPC_BODY(JoinResponse)
RUMOR_RPC_BODY(MembersResponse)
RUMOR_RPC_BODY(StatsResponse)
RUMOR_RPC_BODY(KeyResponse)
RUMOR_RPC_BODY(CoordinateResponse)
RUMOR_RPC_BODY(MemberEventRecord)
RUMOR_RPC_BODY(UserEventRecord)
RUMOR_RPC_BODY(QueryEventRecord)
RUMOR_RPC_BODY(QueryRecord)
RUMOR_RPC_BODY(LogRecord)
#undef RUMOR_RPC_BODY

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

}  // namespace rumor::agent::rpc
