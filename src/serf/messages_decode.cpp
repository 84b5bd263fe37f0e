// Decoders for Serf's messages: keys in any order, unknown keys skipped, missing keys
// left zero, any integer form accepted when the value fits, nil accepted wherever Go
// would accept it. Never throws; malformed input gives a codec::Error.
#include "codec/ip_field.hpp"
#include "codec/msgpack.hpp"
#include "serf/messages.hpp"

namespace rumor::serf {
namespace {

using codec::Ok;
using codec::msgpack::Reader;

template <class M, class Field>
Result<M> decode_struct(ByteView body, Field&& field) {
  Reader r(body);
  M m{};
  Status st = r.read_struct([&](std::string_view key) { return field(r, m, key); });
  if (!st) return st.error();
  return m;
}

template <class F>
Status read_array(Reader& r, F&& each) {
  auto n = r.read_array_header();
  if (!n) return n.error();
  for (std::uint32_t i = 0; i < *n; ++i) {
    Status st = each();
    if (!st) return st;
  }
  return Ok{};
}

Status read_string_map(Reader& r, std::map<std::string, std::string>& out) {
  auto n = r.read_map_header();
  if (!n) return n.error();
  for (std::uint32_t i = 0; i < *n; ++i) {
    std::string k, v;
    if (Status st = r.read_into(k); !st) return st;
    if (Status st = r.read_into(v); !st) return st;
    out[std::move(k)] = std::move(v);
  }
  return Ok{};
}

Status read_string_list(Reader& r, std::vector<std::string>& out) {
  return read_array(r, [&]() -> Status {
    std::string s;
    if (Status st = r.read_into(s); !st) return st;
    out.push_back(std::move(s));
    return Ok{};
  });
}

Status read_event_record(Reader& r, EventRecord& e) {
  return r.read_struct([&](std::string_view k) -> Status {
    if (k == "Name") return r.read_into(e.name);
    if (k == "Payload") return r.read_into(e.payload);
    return r.skip();
  });
}

Status read_event_slot(Reader& r, std::optional<EventSlot>& slot) {
  if (r.is_nil()) return r.read_nil();
  slot.emplace();
  return r.read_struct([&](std::string_view k) -> Status {
    if (k == "LTime") return r.read_into(slot->ltime);
    if (k == "Events") {
      return read_array(r, [&]() -> Status {
        EventRecord e;
        if (Status st = read_event_record(r, e); !st) return st;
        slot->events.push_back(std::move(e));
        return Ok{};
      });
    }
    return r.skip();
  });
}

Status read_member(Reader& r, WireMember& m) {
  return r.read_struct([&](std::string_view k) -> Status {
    if (k == "Name") return r.read_into(m.name);
    if (k == "Addr") return codec::read_ip(r, m.addr);
    if (k == "Port") return r.read_into(m.port);
    if (k == "Tags") return read_string_map(r, m.tags);
    if (k == "Status") return r.read_into(m.status);
    if (k == "ProtocolMin") return r.read_into(m.protocol_min);
    if (k == "ProtocolMax") return r.read_into(m.protocol_max);
    if (k == "ProtocolCur") return r.read_into(m.protocol_cur);
    if (k == "DelegateMin") return r.read_into(m.delegate_min);
    if (k == "DelegateMax") return r.read_into(m.delegate_max);
    if (k == "DelegateCur") return r.read_into(m.delegate_cur);
    return r.skip();
  });
}

}  // namespace

Result<LeaveMsg> decode_leave(ByteView body) {
  return decode_struct<LeaveMsg>(body, [](Reader& r, LeaveMsg& m, std::string_view k) -> Status {
    if (k == "LTime") return r.read_into(m.ltime);
    if (k == "Node") return r.read_into(m.node);
    if (k == "Prune") return r.read_into(m.prune);
    return r.skip();
  });
}

Result<JoinMsg> decode_join(ByteView body) {
  return decode_struct<JoinMsg>(body, [](Reader& r, JoinMsg& m, std::string_view k) -> Status {
    if (k == "LTime") return r.read_into(m.ltime);
    if (k == "Node") return r.read_into(m.node);
    return r.skip();
  });
}

Result<PushPullMsg> decode_push_pull(ByteView body) {
  return decode_struct<PushPullMsg>(body,
                                    [](Reader& r, PushPullMsg& m, std::string_view k) -> Status {
                                      if (k == "LTime") return r.read_into(m.ltime);
                                      if (k == "EventLTime") return r.read_into(m.event_ltime);
                                      if (k == "QueryLTime") return r.read_into(m.query_ltime);
                                      if (k == "LeftMembers")
                                        return read_string_list(r, m.left_members);
                                      if (k == "StatusLTimes") {
                                        auto n = r.read_map_header();
                                        if (!n) return n.error();
                                        for (std::uint32_t i = 0; i < *n; ++i) {
                                          std::string name;
                                          LamportTime t = 0;
                                          if (Status st = r.read_into(name); !st) return st;
                                          if (Status st = r.read_into(t); !st) return st;
                                          m.status_ltimes[std::move(name)] = t;
                                        }
                                        return Ok{};
                                      }
                                      if (k == "Events") {
                                        return read_array(r, [&]() -> Status {
                                          std::optional<EventSlot> slot;
                                          if (Status st = read_event_slot(r, slot); !st) return st;
                                          m.events.push_back(std::move(slot));
                                          return Ok{};
                                        });
                                      }
                                      return r.skip();
                                    });
}

Result<UserEventMsg> decode_user_event(ByteView body) {
  return decode_struct<UserEventMsg>(body,
                                     [](Reader& r, UserEventMsg& m, std::string_view k) -> Status {
                                       if (k == "LTime") return r.read_into(m.ltime);
                                       if (k == "Name") return r.read_into(m.name);
                                       if (k == "Payload") return r.read_into(m.payload);
                                       if (k == "CC") return r.read_into(m.cc);
                                       return r.skip();
                                     });
}

Result<QueryMsg> decode_query(ByteView body) {
  return decode_struct<QueryMsg>(body, [](Reader& r, QueryMsg& m, std::string_view k) -> Status {
    if (k == "LTime") return r.read_into(m.ltime);
    if (k == "ID") return r.read_into(m.id);
    if (k == "Addr") return codec::read_ip(r, m.addr);
    if (k == "Port") return r.read_into(m.port);
    if (k == "SourceNode") return r.read_into(m.source_node);
    if (k == "Filters") {
      return read_array(r, [&]() -> Status {
        Bytes f;
        if (Status st = r.read_into(f); !st) return st;
        m.filters.push_back(std::move(f));
        return Ok{};
      });
    }
    if (k == "Flags") return r.read_into(m.flags);
    if (k == "RelayFactor") return r.read_into(m.relay_factor);
    if (k == "Timeout") return r.read_into(m.timeout_ns);
    if (k == "Name") return r.read_into(m.name);
    if (k == "Payload") return r.read_into(m.payload);
    return r.skip();
  });
}

Result<QueryResponseMsg> decode_query_response(ByteView body) {
  return decode_struct<QueryResponseMsg>(
      body, [](Reader& r, QueryResponseMsg& m, std::string_view k) -> Status {
        if (k == "LTime") return r.read_into(m.ltime);
        if (k == "ID") return r.read_into(m.id);
        if (k == "From") return r.read_into(m.from);
        if (k == "Flags") return r.read_into(m.flags);
        if (k == "Payload") return r.read_into(m.payload);
        return r.skip();
      });
}

Result<ConflictResponseMsg> decode_conflict_response(ByteView body) {
  Reader r(body);
  ConflictResponseMsg m;
  if (r.is_nil()) {
    if (Status st = r.read_nil(); !st) return st.error();
    return m;
  }
  m.member.emplace();
  if (Status st = read_member(r, *m.member); !st) return st.error();
  return m;
}

Result<KeyRequestMsg> decode_key_request(ByteView body) {
  return decode_struct<KeyRequestMsg>(
      body, [](Reader& r, KeyRequestMsg& m, std::string_view k) -> Status {
        if (k == "Key") return r.read_into(m.key);
        return r.skip();
      });
}

Result<KeyResponseMsg> decode_key_response(ByteView body) {
  return decode_struct<KeyResponseMsg>(
      body, [](Reader& r, KeyResponseMsg& m, std::string_view k) -> Status {
        if (k == "Result") return r.read_into(m.result);
        if (k == "Message") return r.read_into(m.message);
        if (k == "Keys") return read_string_list(r, m.keys);
        if (k == "PrimaryKey") return r.read_into(m.primary_key.emplace());
        return r.skip();
      });
}

Result<RelayMsg> decode_relay(ByteView body) {
  Reader r(body);
  RelayMsg m;
  Status st = r.read_struct([&](std::string_view k) -> Status {
    if (k == "DestName") return r.read_into(m.dest_name);
    if (k == "DestAddr") {
      return r.read_struct([&](std::string_view f) -> Status {
        if (f == "IP") return codec::read_ip(r, m.dest.ip);
        if (f == "Port") return r.read_into(m.dest.port);
        return r.skip();  // Zone
      });
    }
    return r.skip();
  });
  if (!st) return st.error();
  // What follows the header is the message to forward, unchanged.
  if (r.at_end()) return Error::truncated;
  const ByteView rest = r.rest();
  m.message.assign(rest.begin(), rest.end());
  return m;
}

}  // namespace rumor::serf
