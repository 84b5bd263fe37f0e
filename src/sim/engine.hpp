// Engine: the deterministic discrete-event simulator. It owns N real core::Node state
// machines and plays shell for all of them: a virtual clock, one seeded Rng for the
// network model, a modelled network (see network.hpp), and node faults (crash, restart,
// stall; see faults.cpp). Every packet and stream goes through the real codec bytes the
// core produces; the engine never decodes them, it only carries, delays and drops them.
//
// Determinism: events are ordered by (time, sequence), every random draw comes from the
// engine Rng or a node's own seed, and nothing depends on addresses of objects or on
// the iteration order of hashed containers. The trace hash (trace_hash.hpp) of a run
// covers every delivery and every member event; same seed, same hash.
//
// Two kinds of node: a bare core::Node (add_node), or a serf::Serf on its core
// (add_serf_node), which takes the same inputs through the same network; the Serf layer's
// figures are in serf_figures(). Serf-specific calls live in serf_slots.cpp.
//
// Node deadlines: after every input to a node the engine re-reads next_deadline() and,
// if it changed, pushes a timer event tagged with a per-node version; older timer
// events for the node are skipped when they surface (lazy deletion).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "codec/bytes.hpp"
#include "core/config.hpp"
#include "core/effects.hpp"
#include "core/identities.hpp"
#include "core/node.hpp"
#include "core/rng.hpp"
#include "core/stats.hpp"
#include "serf/serf.hpp"
#include "sim/addressing.hpp"
#include "sim/broadcast_log.hpp"
#include "sim/event_queue.hpp"
#include "sim/network.hpp"
#include "sim/serf_figures.hpp"
#include "sim/trace_hash.hpp"
#include "sim/views.hpp"

namespace rumor::sim {

class SimDelegate;
class NodeEffects;
class SerfSink;

// left: a Serf node whose graceful leave ran to its end; it stops, as an agent exits.
enum class NodeState : std::uint8_t { idle, up, crashed, left };
enum class MemberEventKind : std::uint8_t { join, leave, update };
enum class RestartMode : std::uint8_t { fresh, keep };

// What the engine itself counted for one node (the core counts messages by type in
// core::Stats; these are the network's side of the story).
struct NodeCounters {
  std::uint64_t packets_sent = 0, packet_bytes_sent = 0;
  std::uint64_t packets_delivered = 0;
  std::uint64_t dropped_lost = 0, dropped_partitioned = 0, dropped_too_big = 0;
  std::uint64_t dropped_down = 0;  // addressed to a crashed, unstarted or unknown node
  std::uint64_t streams_opened = 0, stream_bytes_sent = 0, streams_failed = 0;
  std::uint64_t stalled_inputs = 0;  // inputs that waited in a stall queue

  NodeCounters& operator+=(const NodeCounters& o);
};

// What a node does first when a stall ends. queue_first: it handles the inputs that
// waited, then its overdue timers (a paused process that resumes and finds its socket
// buffers full). timers_first: its overdue timers fire before it reads what waited,
// so answers that arrived in time are seen too late: the Lifeguard paper's slow node,
// which suspects healthy peers whose acks it has not processed yet.
enum class StallOrder : std::uint8_t { queue_first, timers_first };

class Engine;
// Called every simulated second while running, with the limit of the current run_until
// (a terminal's progress line). Observation only: it changes nothing in the run.
using Progress = std::function<void(const Engine&, core::Time limit)>;

struct EngineOptions {
  std::uint64_t seed = 1;
  NetworkOptions net;
  StallOrder stall_order = StallOrder::queue_first;
  // Bytes of metadata (Serf's tags) every node advertises; 0: none until update_meta.
  std::size_t meta_bytes = 0;
  Progress progress;
};

class Engine {
 public:
  using Action = std::function<void()>;

  explicit Engine(EngineOptions opt);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // ---- building a cluster -----------------------------------------------------------
  // Adds a node (not yet started). The engine fills in name and advertise address;
  // `cfg` supplies everything else. `above` (optional, must outlive the engine): a
  // delegate that hears every callback the node's own SimDelegate does (tests'
  // recorders), and whose broadcasts and push/pull state the node carries too.
  NodeId add_node(const core::Config& cfg, core::Delegate* above = nullptr);
  // Adds `n` nodes with `cfg`, starts them at now() and has each restore every other as
  // alive (core::Node::restore): a converged cluster without a join storm.
  void preconverge(const core::Config& cfg, std::size_t n);
  std::size_t size() const noexcept { return slots_.size(); }
  // Interns the names of nodes [0, total) now, for a scenario that will add nodes as it
  // runs: every member table is then laid out once at its final size, instead of each
  // node's tables growing, and leaving the old arrays behind, as new names arrive. Ids
  // are those add_node would give, so nothing observable changes.
  void reserve_nodes(std::size_t total);

  // ---- the Serf layer (serf_slots.cpp) ------------------------------------------------
  // Adds a node running a serf::Serf on its core (not yet started). The engine fills in
  // the advertise address, and the memberlist name unless cfg has one; start, join,
  // leave, crash, restart and stall then act on the Serf, and node(n) is the Serf's
  // core. `above` (optional, must outlive the engine): a layer above the node that gets
  // every Serf callback too and answers queries itself (tests' recorders).
  NodeId add_serf_node(const serf::Config& cfg, serf::EventSink* above = nullptr);
  // After a caller drove node n's machine itself (a test injecting a packet or calling
  // its Serf): re-read its deadline.
  void wake(NodeId n) { reschedule(n); }
  // As preconverge, with Serf nodes: each also knows every other's tags, and every
  // Serf sees every other alive (its member list restored, no intents sent).
  void preconverge(const serf::Config& cfg, std::size_t n);
  bool is_serf(NodeId n) const noexcept { return slots_[n].serf != nullptr; }
  serf::Serf& serf(NodeId n) { return *slots_[n].serf; }
  const serf::Serf& serf(NodeId n) const { return *slots_[n].serf; }
  // A user event through Serf that the engine tracks (broadcasts() has when each node
  // got it, serf_figures() counts repeats); returns its id.
  std::uint64_t user_event(NodeId origin, std::size_t payload_bytes = 16, bool coalesce = false);
  // Any user event, untracked.
  serf::SerfStatus user_event(NodeId n, std::string_view name, ByteView payload, bool coalesce);
  // A query; every node it reaches answers with its name (see SerfSink).
  std::optional<serf::QueryKey> query(NodeId n, std::string_view name, ByteView payload,
                                      const serf::QueryParams& params = {});
  serf::SerfStatus set_tags(NodeId n, serf::Tags tags);
  const SerfFigures& serf_figures() const noexcept { return serf_; }
  bool has_serf_nodes() const noexcept { return serf_nodes_ > 0; }
  // Ids of the tracked user events, in the order they were sent.
  const std::vector<std::uint64_t>& user_events() const noexcept { return user_events_; }
  // Messages Serf's queue depth check dropped, over every Serf node and life.
  std::uint64_t serf_pruned_broadcasts() const;
  // When node n's Serf finished its graceful leave (state left); absent if it has not.
  std::optional<core::Time> left_at(NodeId n) const;
  // Everything node n has queued to broadcast: its core's queue, and Serf's three.
  std::size_t queued_broadcasts(NodeId n) const;

  // ---- inputs, acting at now() --------------------------------------------------------
  void start(NodeId n);
  void join(NodeId n, const std::vector<NodeId>& seeds);
  void leave(NodeId n);
  // leave: memberlist's graceful leave, or on a Serf node Serf's (the intent first).
  // A user broadcast that spreads epidemically (see SimDelegate); returns its id. On a
  // Serf node it is a user event (user_event).
  std::uint64_t broadcast(NodeId origin, std::size_t payload_bytes = 16);
  void update_meta(NodeId n);

  // ---- faults (faults.cpp) ----------------------------------------------------------
  void crash(NodeId n);
  // A new core::Node under the same name and address; joins `seeds` if any.
  void restart(NodeId n, RestartMode mode, const std::vector<NodeId>& seeds);
  // The node processes nothing for `d`: inputs wait in arrival order, timers wait; at
  // the end it handles both, in the order EngineOptions::stall_order says.
  void stall(NodeId n, core::Duration d);
  NodeState state(NodeId n) const { return slots_[n].state; }
  bool stalled(NodeId n) const { return slots_[n].stalled; }

  NetworkModel& network() noexcept { return net_; }
  const NetworkModel& network() const noexcept { return net_; }

  // ---- running ----------------------------------------------------------------------
  core::Time now() const noexcept { return now_; }
  void at(core::Time t, Action a);
  // Runs events up to and including time `limit` (then now() == limit), or until
  // `done` (checked after every event) returns true. Returns true if `done` fired.
  bool run_until(core::Time limit, const std::function<bool()>& done = {});
  std::uint64_t events_processed() const noexcept { return events_; }
  // Queued broadcasts per live node, sampled every simulated second while running
  // (observation only: sampling changes nothing in the run).
  using QueueDepths = DepthSample;
  const QueueDepths& queue_depths() const noexcept { return depths_; }

  // ---- observation ------------------------------------------------------------------
  core::Node& node(NodeId n) { return *slots_[n].node; }  // a Serf node's core
  const core::Node& node(NodeId n) const { return *slots_[n].node; }
  const core::Config& config(NodeId n) const { return slots_[n].config; }
  const MembershipViews& views() const noexcept { return views_; }
  const BroadcastLog& broadcasts() const noexcept { return broadcasts_; }
  const NodeCounters& counters(NodeId n) const { return slots_[n].counters; }
  NodeCounters total_counters() const;
  // The core's counters for node n over all its lives (restarts included).
  core::Stats stats(NodeId n) const;
  core::Stats total_stats() const;
  std::uint64_t trace_hash() const noexcept { return trace_.value(); }
  core::Rng& rng() noexcept { return rng_; }

  // ---- watching (the web simulator draws every message) -----------------------------
  struct Send {
    core::Time at{0};
    NodeId from = kNoNode, to = kNoNode;
    std::uint8_t type = 0;  // the first byte: the memberlist message type (or compound, ...)
    bool stream = false;    // a stream request (else a UDP packet)
    bool delivered = true;  // false: dropped at send time (loss, partition, size, no node)
  };
  // While a log is set, every packet and stream request a node sends is appended to it.
  // Recording draws nothing and schedules nothing: the run and its trace hash are the
  // same with or without it.
  void record_sends(std::vector<Send>* log) noexcept { sends_ = log; }
  // While set, called with every UDP packet a node sends, before the network decides
  // its fate (tests that open packets to count what is inside).
  using PacketTap = std::function<void(NodeId from, ByteView packet)>;
  void tap_packets(PacketTap tap) { tap_ = std::move(tap); }
  // The same for every stream request and reply a node sends, as it sealed them.
  void tap_streams(PacketTap tap) { stream_tap_ = std::move(tap); }

  // ---- called by SimDelegate --------------------------------------------------------
  void on_member_event(NodeId observer, const core::Member& m, MemberEventKind kind);
  void on_broadcast(NodeId at, std::uint64_t id);
  // ---- called by SerfSink --------------------------------------------------------------
  void on_serf_member_event(NodeId observer, const serf::Member& m, serf::MemberEventType type);
  void on_user_event(NodeId at, std::uint64_t id);
  void on_query_delivered(NodeId) noexcept { ++serf_.query_deliveries; }
  void on_query_answered(NodeId) noexcept { ++serf_.queries_answered; }
  void on_query_ack(NodeId) noexcept { ++serf_.query_acks; }
  void on_query_response(NodeId) noexcept { ++serf_.query_responses; }
  void on_serf_left(NodeId n);

 private:
  friend class NodeEffects;
  struct Queued {
    EventKind kind;
    std::uint32_t arg;
  };
  // Everything the engine keeps per node. Node, delegate and effects sit behind
  // pointers because the core holds references to them across slots_ growth. A core
  // node owns its core::Node (own_node, with a SimDelegate); a Serf node owns a Serf
  // (with a SerfSink), whose core node() points at.
  struct Slot {
    core::Config config;
    std::unique_ptr<NodeEffects> fx;
    std::unique_ptr<SimDelegate> delegate;
    std::unique_ptr<core::Node> own_node;
    std::unique_ptr<serf::Config> serf_config;  // set: a Serf node
    std::unique_ptr<SerfSink> sink;
    serf::EventSink* above = nullptr;          // see add_serf_node
    core::Delegate* delegate_above = nullptr;  // see add_node
    std::unique_ptr<serf::Serf> serf;
    core::Node* node = nullptr;  // own_node, or the Serf's core
    NodeState state = NodeState::idle;
    std::uint32_t life = 0;               // bumps on restart; stale stream results are dropped
    std::uint32_t timer_version = 0;      // bumps whenever the pushed deadline changes
    core::Time scheduled = core::kNever;  // the deadline the live timer event is for
    bool stalled = false;
    std::uint32_t stall_token = 0;
    core::Time stall_until{0};
    std::vector<Queued> stall_queue;
    std::uint32_t last_incarnation = 0;  // at crash, for RestartMode::keep
    std::unique_ptr<core::Stats> past;   // core counters of earlier lives (none: no restart)
    std::uint64_t past_pruned = 0;       // Serf's pruned broadcasts of earlier lives
    core::Time left_at = core::kNever;   // when its Serf leave finished
    NodeCounters counters;
  };
  // An input in flight or waiting in a stall queue; slots are pooled and their
  // buffers keep their capacity, so steady-state runs allocate almost nothing.
  struct Message {
    Bytes bytes;
    NodeId from = kNoNode;
    std::uint32_t stream = 0;    // engine stream id (requests and replies)
    core::StreamId core_id = 0;  // the opener's id (replies and failures)
  };
  struct Stream {
    NodeId opener = kNoNode;
    NodeId target = kNoNode;
    std::uint32_t opener_life = 0;
    core::StreamId core_id = 0;
    bool expect_reply = false;
    bool replied = false;
  };

  // Effects of node `from`.
  void send_packet(NodeId from, const Address& to, ByteView bytes);
  void open_stream(NodeId from, core::StreamId id, const Address& to, ByteView request,
                   bool expect_reply, core::Time deadline);
  void reply_stream(NodeId from, core::StreamId id, ByteView reply);

  void dispatch(const Event& e);
  // An input (a message slot) for node n: processed now, queued while the node is
  // stalled, dropped when it is down.
  void input(NodeId n, EventKind kind, std::uint32_t m);
  // Hands the input to the core; the caller reschedules the node's deadline.
  void process(NodeId n, EventKind kind, std::uint32_t m);
  void on_timer(NodeId n, std::uint32_t version);
  void reschedule(NodeId n);
  // The opener of stream `sid` learns at `at` that it failed (unless resolved by then).
  void fail_stream(std::uint32_t sid, core::Time at);
  void resolve_failure(std::uint32_t sid);
  void end_stall(NodeId n, std::uint32_t token);
  void make_node(NodeId n, std::uint32_t initial_incarnation);
  void make_serf(NodeId n, core::Config memberlist);
  // update_meta on a Serf node: a new value of its "sim-meta" tag.
  void bump_tags(NodeId n);
  NodeId add_slot(const core::Config& cfg);
  // Starts nodes [first, size()) and has each restore every other as alive.
  void restore_everyone(NodeId first);
  // Calls f with the machine slot s runs: its Serf, or its bare core node. A branch and
  // not a virtual Machine: core-only runs pay one well-predicted test per input.
  template <class F>
  static decltype(auto) drive(Slot& s, F&& f) {
    if (s.serf) return f(*s.serf);
    return f(*s.own_node);
  }
  template <class F>
  static decltype(auto) drive(const Slot& s, F&& f) {
    if (s.serf) return f(std::as_const(*s.serf));
    return f(std::as_const(*s.own_node));
  }
  void drop_queued(NodeId n);

  std::uint32_t alloc_message(NodeId from, ByteView bytes);
  void free_message(std::uint32_t m);
  std::uint64_t node_seed(NodeId n) const;

  // Who the members are, once for all nodes (every node's table refers to it). The
  // engine holds a reference on each node's name, so names keep their ids for the run.
  std::shared_ptr<core::Identities> ids_ = std::make_shared<core::Identities>();
  std::size_t reserved_names_ = 0;  // see reserve_nodes
  std::vector<Slot> slots_;
  EventQueue queue_;
  NetworkModel net_;
  core::Rng rng_;
  std::uint64_t seed_;
  StallOrder stall_order_;
  std::size_t meta_bytes_;
  core::Time now_{0};
  std::uint64_t events_ = 0;
  TraceHash trace_;
  MembershipViews views_;
  BroadcastLog broadcasts_;
  std::uint64_t next_broadcast_ = 1;

  std::vector<Message> messages_;
  std::vector<std::uint32_t> free_messages_;
  std::unordered_map<std::uint32_t, Stream> streams_;
  std::uint32_t next_stream_ = 1;
  std::uint32_t inbound_stream_ = 0;  // the stream being handled by on_stream, if any
  std::vector<Action> actions_;
  std::vector<std::uint32_t> free_actions_;
  std::vector<Send>* sends_ = nullptr;
  PacketTap tap_, stream_tap_;
  QueueDepths depths_;
  SerfFigures serf_;
  std::size_t serf_nodes_ = 0;
  std::vector<std::uint64_t> user_events_;
  core::Time next_depth_sample_{0};
  core::Time run_limit_{0};
  Progress progress_;
  void sample_queue_depths();
};

}  // namespace rumor::sim
