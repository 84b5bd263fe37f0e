// memberlist's messages (spec sections 1 and 3): plain structs, an encoder that writes
// exactly what Go's msgpack codec writes (type byte first, then a map with sorted keys),
// and tolerant decoders that take the body after the type byte.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "codec/bytes.hpp"
#include "codec/ip.hpp"
#include "codec/result.hpp"

namespace rumor::codec {

enum class MessageType : std::uint8_t {
  ping = 0,
  indirect_ping = 1,
  ack = 2,
  suspect = 3,
  alive = 4,
  dead = 5,
  push_pull = 6,
  compound = 7,
  user = 8,
  compress = 9,
  encrypt = 10,
  nack = 11,
  has_crc = 12,
  error = 13,
  has_label = 244,
};

const char* to_string(MessageType t) noexcept;

// Node states as push/pull carries them.
enum class WireState : std::uint8_t { alive = 0, suspect = 1, dead = 2, left = 3 };

// Vsn = [PMin, PMax, PCur, DMin, DMax, DCur]; kept as raw bytes since peers may send any length.
using Vsn = std::vector<std::uint8_t>;

struct Ping {
  std::uint32_t seq_no = 0;
  std::string node;  // the intended target's name; empty from very old peers
  Ip source_addr;    // omitted when empty
  std::string source_node;
  std::uint16_t source_port = 0;
  friend bool operator==(const Ping&, const Ping&) = default;
};

struct IndirectPing {
  std::uint32_t seq_no = 0;
  Ip target;
  std::uint16_t port = 0;
  std::string node;
  bool nack = false;
  Ip source_addr;
  std::string source_node;
  std::uint16_t source_port = 0;
  friend bool operator==(const IndirectPing&, const IndirectPing&) = default;
};

struct Ack {
  std::uint32_t seq_no = 0;
  Bytes payload;  // empty encodes as nil
  friend bool operator==(const Ack&, const Ack&) = default;
};

struct Nack {
  std::uint32_t seq_no = 0;
  friend bool operator==(const Nack&, const Nack&) = default;
};

struct ErrorResponse {
  std::string error;
  friend bool operator==(const ErrorResponse&, const ErrorResponse&) = default;
};

// Suspect and Dead share a shape; Dead with from == node is a graceful leave.
struct Suspect {
  std::uint32_t incarnation = 0;
  std::string node;
  std::string from;
  friend bool operator==(const Suspect&, const Suspect&) = default;
};

struct Dead {
  std::uint32_t incarnation = 0;
  std::string node;
  std::string from;
  friend bool operator==(const Dead&, const Dead&) = default;
};

struct Alive {
  std::uint32_t incarnation = 0;
  std::string node;
  Ip addr;
  std::uint16_t port = 0;
  Bytes meta;  // empty encodes as nil
  Vsn vsn;
  friend bool operator==(const Alive&, const Alive&) = default;
};

struct PushPullHeader {
  std::int64_t nodes = 0;
  std::int64_t user_state_len = 0;
  bool join = false;
  friend bool operator==(const PushPullHeader&, const PushPullHeader&) = default;
};

struct PushNodeState {
  std::string name;
  Ip addr;
  std::uint16_t port = 0;
  Bytes meta;
  std::uint32_t incarnation = 0;
  WireState state = WireState::alive;
  Vsn vsn;
  friend bool operator==(const PushNodeState&, const PushNodeState&) = default;
};

// A whole push/pull stream body: header, node states, then the user state bytes.
struct PushPull {
  bool join = false;
  std::vector<PushNodeState> nodes;
  Bytes user_state;
  friend bool operator==(const PushPull&, const PushPull&) = default;
};

// Views of the two messages the core reads by the thousand (alive news, and the node
// states of a push/pull): the same fields as Alive and PushNodeState, pointing into the
// bytes they were decoded from, so that old news costs no allocation.
struct AliveView {
  std::uint32_t incarnation = 0;
  std::string_view node;
  Ip addr;
  std::uint16_t port = 0;
  ByteView meta;
  ByteView vsn;
};
AliveView view_of(const Alive& a) noexcept;

struct PushNodeStateView {
  std::string_view name;
  Ip addr;
  std::uint16_t port = 0;
  ByteView meta;
  std::uint32_t incarnation = 0;
  WireState state = WireState::alive;
  ByteView vsn;
};

struct PushPullView {
  bool join = false;
  std::vector<PushNodeStateView> nodes;
  ByteView user_state;
};

struct UserMsgHeader {
  std::int64_t user_msg_len = 0;
  friend bool operator==(const UserMsgHeader&, const UserMsgHeader&) = default;
};

// Encoders append [type byte][msgpack body] to out.
void encode(const Ping& m, Bytes& out);
void encode(const IndirectPing& m, Bytes& out);
void encode(const Ack& m, Bytes& out);
void encode(const Nack& m, Bytes& out);
void encode(const ErrorResponse& m, Bytes& out);
void encode(const Suspect& m, Bytes& out);
void encode(const Dead& m, Bytes& out);
void encode(const Alive& m, Bytes& out);
// [6][header][node states...][user state raw bytes]
void encode(const PushPull& m, Bytes& out);
void encode(const PushPullView& m, Bytes& out);
// A user message packet: [8][payload bytes] (payload is opaque to memberlist).
void encode_user(ByteView payload, Bytes& out);
// A push/pull written piecewise, for a caller that keeps its node states encoded: the
// type byte and header (`reserve`: bytes expected after it), then `nodes` calls of
// append_node_state, then the user state's bytes appended as they are.
void begin_push_pull(bool join, std::size_t nodes, std::size_t user_state_len, std::size_t reserve,
                     Bytes& out);
// One node state's bytes but its Incarnation and State values, which go at `head` and
// `middle`: what a member's card fixes, encoded once for every push/pull that lists it.
struct NodeStateParts {
  Bytes bytes;
  std::uint32_t head = 0;
  std::uint32_t middle = 0;
};
NodeStateParts node_state_parts(const Ip& addr, std::uint16_t port, std::string_view name,
                                ByteView meta, ByteView vsn);
void append_node_state(const NodeStateParts& parts, std::uint32_t incarnation, WireState state,
                       Bytes& out);
// A reliable user message over a stream: [8][UserMsgHeader][payload].
void encode_user_stream(ByteView payload, Bytes& out);

// Decoders take the body AFTER the type byte.
Result<Ping> decode_ping(ByteView body);
Result<IndirectPing> decode_indirect_ping(ByteView body);
Result<Ack> decode_ack(ByteView body);
Result<Nack> decode_nack(ByteView body);
Result<ErrorResponse> decode_error(ByteView body);
Result<Suspect> decode_suspect(ByteView body);
Result<Dead> decode_dead(ByteView body);
Result<Alive> decode_alive(ByteView body);
Result<AliveView> decode_alive_view(ByteView body);
// Limit on the node count and user state (memberlist: 20 MiB of push state).
Result<PushPull> decode_push_pull(ByteView body);
// The same checks; `out` (its node vector reused) points into `body`.
Status decode_push_pull_view(ByteView body, PushPullView& out);
// Body after [8] of a stream user message: returns the payload.
Result<Bytes> decode_user_stream(ByteView body);

}  // namespace rumor::codec
