// Serf's messages (spec section 9), as they travel inside memberlist user messages and
// push/pull user state: plain structs, encoders that write exactly the bytes Go serf
// 0.8.2 writes (type byte, then a msgpack map with byte-wise sorted keys, unsigned int
// forms), and tolerant decoders that take the body after the type byte.
//
// Go maps (StatusLTimes, Tags) are written by Go in random order; we write them sorted,
// which is one of the orders Go may produce, so re-encoding is canonical for maps of at
// most one key and equal up to key order otherwise.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "codec/bytes.hpp"
#include "codec/ip.hpp"
#include "codec/result.hpp"
#include <rumor/export.hpp>

RUMOR_PUBLIC_BEGIN
namespace rumor::serf {

using codec::Error;
using codec::Result;
using codec::Status;
using LamportTime = std::uint64_t;

enum class MessageType : std::uint8_t {
  leave = 0,
  join = 1,
  push_pull = 2,
  user_event = 3,
  query = 4,
  query_response = 5,
  conflict_response = 6,
  key_request = 7,
  key_response = 8,
  relay = 9,
};

// Query flags (messageQuery.Flags / messageQueryResponse.Flags).
inline constexpr std::uint32_t kQueryFlagAck = 1;
inline constexpr std::uint32_t kQueryFlagNoBroadcast = 2;

// A leave intent; Prune also erases the member (force-leave -prune).
struct LeaveMsg {
  LamportTime ltime = 0;
  std::string node;
  bool prune = false;
  friend bool operator==(const LeaveMsg&, const LeaveMsg&) = default;
};

// A join intent: ties the member's status to the member Lamport clock.
struct JoinMsg {
  LamportTime ltime = 0;
  std::string node;
  friend bool operator==(const JoinMsg&, const JoinMsg&) = default;
};

// One user event as kept in the de-dup ring (Go's userEvent).
struct EventRecord {
  std::string name;
  Bytes payload;
  friend bool operator==(const EventRecord&, const EventRecord&) = default;
};

// One slot of the 512-slot event ring (Go's userEvents): every event seen at one LTime.
struct EventSlot {
  LamportTime ltime = 0;
  std::vector<EventRecord> events;
  friend bool operator==(const EventSlot&, const EventSlot&) = default;
};

// Serf's push/pull user state. `events` is the whole ring, empty slots as nullopt (c0).
struct PushPullMsg {
  LamportTime ltime = 0;
  std::map<std::string, LamportTime> status_ltimes;
  std::vector<std::string> left_members;
  LamportTime event_ltime = 0;
  std::vector<std::optional<EventSlot>> events;
  LamportTime query_ltime = 0;
  friend bool operator==(const PushPullMsg&, const PushPullMsg&) = default;
};

struct UserEventMsg {
  LamportTime ltime = 0;
  std::string name;
  Bytes payload;
  bool cc = false;  // "can coalesce"
  friend bool operator==(const UserEventMsg&, const UserEventMsg&) = default;
};

struct QueryMsg {
  LamportTime ltime = 0;
  std::uint32_t id = 0;
  Ip addr;  // where responses go (direct UDP)
  std::uint16_t port = 0;
  std::string source_node;
  std::vector<Bytes> filters;  // each [filter type][msgpack]; empty list encodes as nil
  std::uint32_t flags = 0;
  std::uint8_t relay_factor = 0;
  std::int64_t timeout_ns = 0;  // Go time.Duration
  std::string name;
  Bytes payload;
  bool ack() const noexcept { return (flags & kQueryFlagAck) != 0; }
  bool no_broadcast() const noexcept { return (flags & kQueryFlagNoBroadcast) != 0; }
  friend bool operator==(const QueryMsg&, const QueryMsg&) = default;
};

struct QueryResponseMsg {
  LamportTime ltime = 0;
  std::uint32_t id = 0;
  std::string from;
  std::uint32_t flags = 0;
  Bytes payload;
  bool ack() const noexcept { return (flags & kQueryFlagAck) != 0; }
  friend bool operator==(const QueryResponseMsg&, const QueryResponseMsg&) = default;
};

// Go's serf.Member as the conflict response carries it.
struct WireMember {
  std::string name;
  Ip addr;
  std::uint16_t port = 0;
  std::map<std::string, std::string> tags;
  std::int64_t status = 0;  // Go MemberStatus: none 0, alive 1, leaving 2, left 3, failed 4
  std::uint8_t protocol_min = 0, protocol_max = 0, protocol_cur = 0;
  std::uint8_t delegate_min = 0, delegate_max = 0, delegate_cur = 0;
  friend bool operator==(const WireMember&, const WireMember&) = default;
};

// The answer to a `_serf_conflict` query: the member as the responder sees it, or nil.
struct ConflictResponseMsg {
  std::optional<WireMember> member;
  friend bool operator==(const ConflictResponseMsg&, const ConflictResponseMsg&) = default;
};

// The payload of a key query (`_serf_install-key`, ...): the raw key, as Go's keyRequest.
// list-keys carries an empty one.
struct KeyRequestMsg {
  Bytes key;
  friend bool operator==(const KeyRequestMsg&, const KeyRequestMsg&) = default;
};
// One member's answer to a key query (Go's nodeKeyResponse). Serf 0.8.2 has three fields
// {Keys, Message, Result}; later versions add PrimaryKey, which we decode when present
// and write only when set, so what we send is byte for byte what 0.8.2 sends.
struct KeyResponseMsg {
  bool result = false;
  std::string message;            // the error, or a note (a truncated key list)
  std::vector<std::string> keys;  // list-keys: base64, primary first; empty encodes as nil
  std::optional<std::string> primary_key;
  friend bool operator==(const KeyResponseMsg&, const KeyResponseMsg&) = default;
};

// A relayed query response: [9][header][5][response]. The relay forwards `message`
// unchanged to dest.
struct RelayMsg {
  Address dest;  // DestAddr {IP, Port, Zone}; Zone is always "" for us
  std::string dest_name;
  Bytes message;  // the inner [type][body], normally a query response
  friend bool operator==(const RelayMsg&, const RelayMsg&) = default;
};

// Encoders append [type][msgpack body] to `out`.
void encode(const LeaveMsg& m, Bytes& out);
void encode(const JoinMsg& m, Bytes& out);
void encode(const PushPullMsg& m, Bytes& out);
void encode(const UserEventMsg& m, Bytes& out);
void encode(const QueryMsg& m, Bytes& out);
void encode(const QueryResponseMsg& m, Bytes& out);
void encode(const ConflictResponseMsg& m, Bytes& out);
void encode(const KeyRequestMsg& m, Bytes& out);
void encode(const KeyResponseMsg& m, Bytes& out);
void encode(const RelayMsg& m, Bytes& out);

// Decoders take the body AFTER the type byte.
Result<LeaveMsg> decode_leave(ByteView body);
Result<JoinMsg> decode_join(ByteView body);
Result<PushPullMsg> decode_push_pull(ByteView body);
Result<UserEventMsg> decode_user_event(ByteView body);
Result<QueryMsg> decode_query(ByteView body);
Result<QueryResponseMsg> decode_query_response(ByteView body);
Result<ConflictResponseMsg> decode_conflict_response(ByteView body);
Result<KeyRequestMsg> decode_key_request(ByteView body);
Result<KeyResponseMsg> decode_key_response(ByteView body);
Result<RelayMsg> decode_relay(ByteView body);

// Encoded into a fresh buffer.
template <class M>
Bytes encoded(const M& m) {
  Bytes out;
  encode(m, out);
  return out;
}

}  // namespace rumor::serf
RUMOR_PUBLIC_END
