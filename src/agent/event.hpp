// What the agent hands to event handlers and event streams: Serf's event kinds, with the
// members, names, clocks and payloads they carry, independent of the serf layer's types.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codec/bytes.hpp"

namespace rumor::agent {

enum class EventType : std::uint8_t {
  member_join,
  member_leave,
  member_failed,
  member_update,
  member_reap,
  user,
  query,
};

// Serf's names: "member-join", ..., "user", "query".
const char* to_string(EventType t) noexcept;
std::optional<EventType> parse_event_type(std::string_view name);

using Tags = std::map<std::string, std::string>;

struct MemberInfo {
  std::string name;
  std::string addr;  // textual IP
  std::uint16_t port = 0;
  Tags tags;
  std::string status;  // alive, leaving, left, failed
  Bytes ip{};          // the address as its 4 or 16 bytes (Go's net.IP), for RPC
  // The memberlist protocol and Serf delegate versions the member announced.
  std::uint8_t protocol_min = 0, protocol_max = 0, protocol_cur = 0;
  std::uint8_t delegate_min = 0, delegate_max = 0, delegate_cur = 0;
};

// Copies the six version fields between any two of serf::Member, MemberInfo and
// rpc::RpcMember, which name them alike.
template <class From, class To>
void copy_versions(const From& from, To& to) {
  to.protocol_min = from.protocol_min;
  to.protocol_max = from.protocol_max;
  to.protocol_cur = from.protocol_cur;
  to.delegate_min = from.delegate_min;
  to.delegate_max = from.delegate_max;
  to.delegate_cur = from.delegate_cur;
}

// The line Serf's serf.go logs (at INFO, component "serf") for one member of a member
// event: "EventMemberJoin: s1 127.0.0.1", "EventMemberUpdate: s1", ...
std::string member_event_log_line(EventType t, const MemberInfo& m);

struct Event {
  EventType type = EventType::user;
  std::vector<MemberInfo> members;  // member events
  std::string name;                 // user event or query name
  std::uint64_t ltime = 0;
  Bytes payload;
  bool coalesce = false;
  std::uint64_t query_id = 0;  // the agent's handle to answer a query
};

}  // namespace rumor::agent
