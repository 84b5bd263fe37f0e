// What Serf tells the layer above (the agent): the Serf view of a member and the
// EventSink through which member events, user events, queries and query results arrive.
// Every hook is called synchronously from inside a Serf input.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codec/bytes.hpp"
#include "codec/ip.hpp"
#include "codec/keyring.hpp"
#include "core/time.hpp"
#include "serf/lamport.hpp"
#include "serf/tags.hpp"
#include <rumor/export.hpp>

RUMOR_PUBLIC_BEGIN
namespace rumor::serf {

// Serf's MemberStatus; the numbers are Go's (they travel in conflict responses).
enum class MemberStatus : std::uint8_t { none = 0, alive = 1, leaving = 2, left = 3, failed = 4 };
const char* to_string(MemberStatus s) noexcept;

struct Member {
  std::string name;
  Address address;
  Tags tags;
  MemberStatus status = MemberStatus::none;
  std::uint8_t protocol_min = 0, protocol_max = 0, protocol_cur = 0;
  std::uint8_t delegate_min = 0, delegate_max = 0, delegate_cur = 0;
  friend bool operator==(const Member&, const Member&) = default;
};

enum class MemberEventType : std::uint8_t { join, leave, failed, update, reap };
const char* to_string(MemberEventType t) noexcept;

struct MemberEvent {
  MemberEventType type;
  std::vector<Member> members;  // one when it comes from Serf; several once coalesced
};

struct UserEvent {
  LamportTime ltime = 0;
  std::string name;
  Bytes payload;
  bool coalesce = false;
};

// Identifies one query cluster-wide: Serf keys its collectors by LTime and checks the ID.
struct QueryKey {
  LamportTime ltime = 0;
  std::uint32_t id = 0;
  friend auto operator<=>(const QueryKey&, const QueryKey&) = default;
};

// A query that reached us and passed its filters: everything needed to respond later
// through Serf::respond.
// Names one keyring change the shell is asked to save (EventSink::on_keyring_changed).
using KeyringSave = std::uint64_t;

struct QueryEvent {
  QueryKey key;
  std::string name;
  Bytes payload;
  std::string source_node;
  Address respond_to;  // the querier's Addr:Port
  std::uint8_t relay_factor = 0;
  core::Time deadline{0};
  bool responded = false;  // set by Serf::respond
};

// A join or leave intent that moved a member's status time (for snapshots and metrics).
struct MemberIntent {
  enum class Kind : std::uint8_t { join, leave } kind;
  std::string node;
  LamportTime ltime = 0;
};

// The outcome of the name-conflict vote Serf runs when someone else claims our name.
struct ConflictOutcome {
  std::size_t responses = 0;
  std::size_t matching = 0;  // responders who see our address under our name
  bool won = false;          // lost: Serf has shut itself down (Go serf would Shutdown())
};

class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void on_member_event(const MemberEvent& /*e*/) {}
  virtual void on_user_event(const UserEvent& /*e*/) {}
  virtual void on_query(const QueryEvent& /*q*/) {}
  virtual void on_member_intent(const MemberIntent& /*i*/) {}
  // Results of our own queries (Serf::query), until the query's deadline.
  virtual void on_query_ack(const QueryKey& /*q*/, std::string_view /*from*/) {}
  virtual void on_query_response(const QueryKey& /*q*/, std::string_view /*from*/,
                                 ByteView /*payload*/) {}
  virtual void on_query_done(const QueryKey& /*q*/) {}
  // Serf::join finished: how many seeds we exchanged state with.
  virtual void on_join_done(std::size_t /*contacted*/) {}
  virtual void on_name_conflict(const ConflictOutcome& /*o*/) {}
  // Serf::leave finished: the leave has propagated; the shell may stop driving us.
  virtual void on_left() {}
  // A key query (install, use or remove; ours or another member's) changed our keyring;
  // the core seals and opens with `ring` from now on. Saving it, where Go serf rewrites
  // its keyring file (writeKeyringFile), is an effect for the shell to carry out after
  // this input, on any thread it likes. With Config::answer_keys_once_saved our answer
  // to the querier waits for the shell's Serf::keyring_saved(save, ...), so that a
  // failed save reaches the querier as Go's does; without it the answer goes at once.
  // Called from inside Serf::key_query too, when the querier applies its own query.
  virtual void on_keyring_changed(const codec::Keyring& /*ring*/, KeyringSave /*save*/) {}
};

}  // namespace rumor::serf
RUMOR_PUBLIC_END
