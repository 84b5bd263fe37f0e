// rumor::serf::Serf — HashiCorp Serf's cluster semantics as a pure state machine on top
// of core::Node: member status under a Lamport clock (alive / leaving / left / failed),
// tags in node meta, user events, queries with filters, acks, responses and relays,
// internal queries (_serf_ping, _serf_conflict, and the key queries of keys.hpp that
// rotate the encryption key), push/pull of Serf state, reaping.
//
// It owns its core::Node and is that node's Delegate, and takes the same inputs (each
// carrying `now`), so a shell drives a Serf exactly as it drives a Node: effects go to
// the same core::Effects; Serf's own events go to an EventSink. Same config, seed and
// inputs give the same effects. Nothing here blocks: where Go serf waits (Leave waiting
// for its intent to go out, prune waiting before erasing), we arm a timer.
//
// Where we depart from Go serf (each also noted at the spot):
// - Reconnecting to failed members is the core's own mechanism (Config::reconnect_* of
//   the memberlist config, set from ours): every reconnect_interval a push/pull with
//   one member seen dead, for reconnect_timeout. Serf's version (a memberlist Join with
//   a random failed member, with probability failed/alive) would be a second timer doing
//   the same thing. Consequence: a force-left member is still tried until the core
//   forgets it (reconnect_timeout), where Serf stops at once.
// - Leave: if our leave intent is not sent within broadcast_timeout we still go on to
//   the memberlist leave (Go returns an error and leaves that to its caller).
// - A newer leave intent about a member already leaving/left updates its status time,
//   so the same intent is not rebroadcast on every receipt.
// - A lost name-conflict vote is reported (EventSink::on_name_conflict) and we shut
//   down our state machine; nothing exits the process.
// - Coordinates of departed members are dropped at the next reap tick rather than the
//   moment Serf erases the member; get-coordinate never sees the difference, as it
//   asks about members Serf still lists.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/broadcast_queue.hpp"
#include "core/delegate.hpp"
#include "core/effects.hpp"
#include "core/node.hpp"
#include "core/rng.hpp"
#include "core/timer_queue.hpp"
#include "serf/config.hpp"
#include "serf/dedup.hpp"
#include "serf/errors.hpp"
#include "serf/events.hpp"
#include "serf/keys.hpp"
#include "serf/lamport.hpp"
#include "serf/member_store.hpp"
#include "serf/messages.hpp"
#include "serf/query_params.hpp"
#include "serf/vivaldi.hpp"

namespace rumor::serf {

enum class SerfState : std::uint8_t { alive, leaving, left, shutdown };
const char* to_string(SerfState s) noexcept;

// A key query on its way: its responses arrive as EventSink::on_query_response for `key`
// (then on_query_done); feed them to response.add() until it is complete().
struct KeyQuery {
  QueryKey key;
  KeyResponse response;  // num_nodes set, nothing counted yet
};

class Serf : private core::Delegate {
 public:
  // `fx` and `sink` must outlive the Serf. `identities`: as core::Node's (the simulator
  // shares one table of who members are among all its nodes); null: the node's own.
  Serf(Config config, core::Effects& fx, EventSink& sink, std::uint64_t seed,
       std::shared_ptr<core::Identities> identities = nullptr);
  ~Serf() override;
  Serf(const Serf&) = delete;
  Serf& operator=(const Serf&) = delete;

  // ---- lifecycle (as core::Node) ---------------------------------------------------
  void start(Time now);
  // Push/pull with every seed; when at least one answers, broadcast our join intent.
  // `ignore_old`: events that happened before we joined are not replayed to us.
  // EventSink::on_join_done reports how many seeds answered.
  SerfStatus join(std::span<const Address> seeds, bool ignore_old, Time now);
  // After a restart, from a snapshot: witness the clocks we had reached, and refuse
  // user events and queries older than them, so nothing we handled is handed to us
  // again while anything newer still is (Serf's eventMinTime / queryMinTime).
  void restore_clocks(LamportTime member, LamportTime event, LamportTime query);
  // After start, from a snapshot of the member list: every member is known alive at
  // once (core::Node::restore), each reported to the sink as a join. No intent is sent:
  // the whole cluster is assumed to have restored the same list.
  void restore(std::span<const codec::AliveView> members, Time now);
  // Graceful leave: broadcast the leave intent, then the memberlist leave, then wait
  // leave_propagate_delay; EventSink::on_left when done.
  SerfStatus leave(Time now);
  // Stop at once (no leave); every later input is ignored.
  void shutdown();

  // ---- inputs (as core::Node) ------------------------------------------------------
  void on_packet(const Address& from, ByteView packet, Time now);
  void on_stream(core::StreamId id, const Address& from, ByteView request, Time now);
  void on_stream_reply(core::StreamId id, ByteView reply, Time now);
  void on_stream_failed(core::StreamId id, Time now);
  Time next_deadline() const;  // the earlier of ours and the node's
  void on_timeout(Time now);

  // ---- calls from the layer above --------------------------------------------------
  SerfStatus user_event(std::string_view name, ByteView payload, bool coalesce, Time now);
  Outcome<QueryKey> query(std::string_view name, ByteView payload, const QueryParams& params,
                          Time now);
  // Answer a query delivered through EventSink::on_query (once, before its deadline).
  SerfStatus respond(QueryEvent& q, ByteView payload, Time now);
  SerfStatus set_tags(Tags tags, Time now);
  // Mark a failed member left (prune: also forget it now) and tell everyone.
  SerfStatus force_leave(std::string_view node, bool prune, Time now);
  // Serf's KeyManager: ask every member (us included, at once) to install, use or
  // remove `key_b64` (standard base64, as `serf keygen` prints), or to list its keys
  // (key ignored), with Serf's default query parameters. SerfError::bad_key when the key
  // is not base64; its length is each member's to judge, as in Go.
  Outcome<KeyQuery> key_query(KeyOp op, std::string_view key_b64, Time now,
                              std::uint8_t relay_factor = 0);
  // The shell saved the ring EventSink::on_keyring_changed gave it under `save` (or
  // failed to: `error`, which becomes our answer's message and Result false). With
  // Config::answer_keys_once_saved the answer to that key query goes now; a save
  // nobody waits for (answered already, past its deadline, or the option off) is
  // ignored.
  void keyring_saved(KeyringSave save, std::optional<std::string> error, Time now);

  // ---- state -----------------------------------------------------------------------
  SerfState state() const noexcept { return state_; }
  Member local_member() const;  // an empty Member before start
  std::optional<Member> member(std::string_view name) const;
  // MemberStatus::none when there is no such member: member() without making a Member.
  MemberStatus member_status(std::string_view name) const noexcept;
  std::vector<Member> members() const;  // sorted by name, failed and left ones included
  std::size_t num_failed() const noexcept { return failed_.size(); }
  std::size_t num_left() const noexcept { return left_.size(); }
  Duration default_query_timeout() const;
  LamportTime member_time() const noexcept { return clock_.time(); }
  LamportTime event_time() const noexcept { return event_clock_.time(); }
  LamportTime query_time() const noexcept { return query_clock_.time(); }
  const Config& config() const noexcept { return cfg_; }
  const core::Node& node() const noexcept { return *node_; }
  // The membership layer itself, for shells that observe or fault it (the simulator's
  // views and stats). Inputs still go through the Serf.
  core::Node& node() noexcept { return *node_; }
  // The keyring the core seals with; nullptr when encryption is off. Key queries give
  // the core a new one (core::Node::set_keyring).
  const codec::Keyring* keyring() const noexcept { return node_->keyring(); }
  std::size_t queued_broadcasts() const;  // Serf's three queues
  // Each of them, as Serf's stats name them: intent_queue (join and leave intents),
  // event_queue (user events), query_queue (queries and their answers).
  std::size_t queued_intents() const noexcept { return intent_q_.size(); }
  std::size_t queued_events() const noexcept { return event_q_.size(); }
  std::size_t queued_queries() const noexcept { return query_q_.size(); }
  // Messages the queue depth check dropped (Config::max_queue_depth), all queues.
  std::uint64_t pruned_broadcasts() const noexcept { return pruned_broadcasts_; }

  // ---- network coordinates (coordinates.cpp) -----------------------------------------
  // Our Vivaldi coordinate (the origin when coordinates are disabled).
  const Coordinate& coordinate() const noexcept { return coord_client_.coordinate(); }
  // How often our coordinate went invalid and was reset to the origin (Serf's
  // coordinate_resets stat).
  std::uint64_t coordinate_resets() const noexcept { return coord_client_.resets(); }
  // The last coordinate a member sent us in an ack, or ours for our own name; nullptr
  // when we have none (Go's GetCachedCoordinate) or coordinates are disabled.
  const Coordinate* cached_coordinate(std::string_view name) const;
  std::size_t cached_coordinates() const noexcept { return coord_cache_.size(); }

 private:
  struct Intent {
    MessageType type;  // join or leave
    LamportTime ltime;
    Time seen;
    bool from_state = false;  // see MemberRecord::status_from_state (member_store.hpp)
  };
  struct Collector {  // one of our queries, until its deadline
    std::uint32_t id = 0;
    Time deadline{0};
    std::set<std::string, std::less<>> acks, responses;
    bool conflict_vote = false;
  };
  enum class TimerKind : std::uint8_t {
    reap,
    query_done,
    leave_step,
    prune,
    leave_intent_grace,
    queue_check
  };
  // Values in a core::BasicTimerQueue, checked against current state when they fire.
  struct Timer {
    TimerKind kind;
    LamportTime ltime = 0;  // query_done: the query; prune: the member's status_ltime then
    std::string name;       // prune
    Time at{0};
    std::uint64_t seq = 0;
  };
  enum class LeavePhase : std::uint8_t { none, intent, memberlist, propagate };

  // core::Delegate
  Bytes node_meta(std::size_t limit) override;
  void notify_message(ByteView msg) override;
  void get_broadcasts(std::size_t overhead, std::size_t limit, std::vector<Bytes>& out) override;
  bool has_broadcasts() const override {
    return !intent_q_.empty() || !query_q_.empty() || !event_q_.empty();
  }
  Bytes local_state(bool join) override;
  void merge_remote_state(ByteView state, bool join) override;
  void notify_join(const core::Member& m) override;
  void notify_leave(const core::Member& m) override;
  void notify_update(const core::Member& m) override;
  void notify_conflict(const core::Member& existing, const core::Member& other) override;
  void notify_join_result(const Address& seed, bool ok) override;
  Bytes ack_payload() override;
  void notify_ping_complete(const core::Member& m, Duration rtt, ByteView payload) override;
  // coordinates.cpp: drops the coordinates of members Serf no longer lists.
  void forget_departed_coordinates();

  // members.cpp
  // Where an intent comes from: a message, or a push/pull's status times.
  enum class IntentSource : std::uint8_t { message, state };
  bool handle_join_intent(const JoinMsg& m, IntentSource src = IntentSource::message);
  bool handle_leave_intent(const LeaveMsg& m, IntentSource src = IntentSource::message);
  void broadcast_join(LamportTime ltime);
  using MemberId = MemberStore::Id;
  void prune(MemberId id);                     // now, or once a leaving member's leave is out
  void erase_pruned(const std::string& name);  // from the member map and both lists
  void erase_member(const std::string& name);
  void reap(Time now);
  void check_queue_depth();
  bool has_alive_members() const;
  bool upsert_intent(const std::string& node, MessageType type, LamportTime ltime,
                     IntentSource src);
  void mark_departed(MemberId id, MemberStatus status);  // left or failed
  void await_leave_intent(Time now);
  void emit(MemberEventType type, MemberId id);
  // events.cpp
  bool handle_user_event(const UserEventMsg& m);
  // queries.cpp
  bool handle_query(const QueryMsg& q);
  void handle_query_response(const QueryResponseMsg& r);
  void handle_internal_query(QueryEvent& q);
  void handle_key_query(KeyOp op, QueryEvent& q);
  void send_key_answer(KeyOp op, QueryEvent& q, KeyResponseMsg resp);
  void send_response(const QueryResponseMsg& r, const Address& to, std::string_view to_name,
                     std::uint8_t relay_factor);
  void relay_response(std::uint8_t relay_factor, const Address& to, std::string_view to_name,
                      const QueryResponseMsg& r);
  void finish_query(LamportTime ltime);
  void tally_conflict(Collector& c, ByteView payload);
  // serf.cpp
  void arm(Time at, Timer t);
  void leave_step(Time now);
  void enter(Time now) { now_ = now; }
  bool stopped() const noexcept { return state_ == SerfState::shutdown; }
  int retransmit_limit() const;

  Config cfg_;
  EventSink& sink_;
  core::Rng rng_;
  std::unique_ptr<core::Node> node_;
  SerfState state_ = SerfState::alive;
  Time now_{0};
  bool started_ = false;

  LamportClock clock_, event_clock_, query_clock_;
  std::shared_ptr<core::Identities> ids_;  // shared with node_ (and, simulated, every node)
  MemberStore members_;
  // Failed and left members until they are reaped, with when they went. The time lives
  // here, not in MemberRecord: only departed members have one, and at 10^8 simulated
  // records 8 bytes each is most of a gigabyte.
  struct Departed {
    std::string name;
    Time since{0};
  };
  std::vector<Departed> failed_, left_;
  std::map<std::string, Intent, std::less<>> intents_;
  // Members memberlist saw leave gracefully before their leave intent reached us, and
  // until when we wait for that intent (members.cpp).
  std::map<std::string, Time, std::less<>> awaiting_intent_;

  VivaldiClient coord_client_;
  std::map<std::string, Coordinate, std::less<>> coord_cache_;  // by member name

  core::BroadcastQueue intent_q_, event_q_, query_q_;
  std::uint64_t pruned_broadcasts_ = 0;
  EventRing event_ring_;
  QueryRing query_ring_;
  std::map<LamportTime, Collector> collectors_;
  // Key queries whose answer waits for the shell to save our ring (keyring_saved).
  struct KeyAnswer {
    KeyOp op;
    QueryEvent query;
    KeyResponseMsg response;
  };
  std::map<KeyringSave, KeyAnswer> key_answers_;
  KeyringSave next_keyring_save_ = 1;
  core::BasicTimerQueue<Timer> timers_;

  // Join in flight.
  std::size_t join_pending_ = 0, join_ok_ = 0;
  bool join_ignore_old_ = false;
  // Leave in flight.
  LeavePhase leave_phase_ = LeavePhase::none;
  Time leave_deadline_{0};
  std::optional<core::BroadcastQueue::Id> leave_intent_;
  // Name conflict vote in flight.
  std::size_t conflict_responses_ = 0, conflict_matching_ = 0;
  bool resolving_conflict_ = false;
};

}  // namespace rumor::serf
