// Serf's Member struct as Go's codec writes it (keys sorted), described once for the
// gossip's WireMember and the agent RPC's RpcMember: their names and order are the same,
// and their members' types give the value forms (Status is an int in gossip, a string in
// the RPC; Addr an Ip or the RPC's bytes).
#pragma once

#include "codec/wire_struct.hpp"

namespace rumor::serf {

template <class M>
constexpr auto member_fields() {
  using codec::wire::field;
  return codec::wire::fields(
      field("Addr", &M::addr), field("DelegateCur", &M::delegate_cur),
      field("DelegateMax", &M::delegate_max), field("DelegateMin", &M::delegate_min),
      field("Name", &M::name), field("Port", &M::port), field("ProtocolCur", &M::protocol_cur),
      field("ProtocolMax", &M::protocol_max), field("ProtocolMin", &M::protocol_min),
      field("Status", &M::status), field("Tags", &M::tags));
}

}  // namespace rumor::serf
