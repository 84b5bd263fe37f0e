// rumor::net::SerfCluster — the library user's view of one Serf member: membership with
// Serf's statuses and tags, user events, queries and their answers, graceful leave.
// It runs serf::Serf on net::Runtime exactly as Cluster runs a bare core::Node, and
// the agent is built on it.
//
// Thread safety: as Cluster (cluster.hpp). Every public function may be called from any
// thread; each is posted to the loop thread and waited for, bounded by call_timeout
// (CallError when the loop is stopped or slow). Subscribers and query callbacks run on
// the loop thread and must not block; join(), leave() and query_collect() throw
// std::logic_error there.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "codec/bytes.hpp"
#include "codec/ip.hpp"
#include "core/peer_traffic.hpp"
#include "core/stats.hpp"
#include "net/call_error.hpp"
#include "net/events.hpp"
#include "net/net_stats.hpp"
#include "net/transport_options.hpp"
#include "serf/config.hpp"
#include "serf/coordinate.hpp"
#include "serf/errors.hpp"
#include "serf/events.hpp"
#include "serf/keys.hpp"
#include "serf/lamport.hpp"
#include "serf/query_params.hpp"
#include "serf/tags.hpp"
#include <rumor/export.hpp>

RUMOR_PUBLIC_BEGIN
namespace rumor::net {

// A query that reached us and passed its filters. Answer it with respond(id, ...)
// before its deadline; the facade forgets it afterwards.
struct ReceivedQuery {
  std::uint64_t id = 0;
  serf::LamportTime ltime = 0;
  std::string name;
  Bytes payload;
  std::string source_node;
  core::Time deadline{0};
};

// What a subscriber hears. ConflictOutcome with won == false means another node owns
// our name and Serf has shut down: the process should stop (Go serf exits).
using SerfEvent =
    std::variant<serf::MemberEvent, serf::UserEvent, ReceivedQuery, serf::ConflictOutcome>;
using SerfEventCallback = std::function<void(const SerfEvent&)>;

// Results of one of our queries, reported on the loop thread until `done`.
struct QueryCallbacks {
  std::function<void(const std::string& from)> ack;
  std::function<void(const std::string& from, const Bytes& payload)> response;
  std::function<void()> done;
};

// Everything a finished query collected (query_collect).
struct QueryResult {
  std::vector<std::string> acks;
  std::map<std::string, Bytes> responses;  // by responding node
};

struct SerfClusterOptions {
  // config.memberlist.name is required; its advertise address comes from the transport.
  serf::Config config;
  TransportOptions transport;
  std::size_t inbound_queue_limit = 1024;
  std::chrono::milliseconds call_timeout{5000};
  std::optional<std::uint64_t> seed;  // nullopt: from the OS random source
  // Subscribed before the loop starts, so it hears every event, our own join included.
  SerfEventCallback subscriber;
  // Event coalescing (Go serf's CoalescePeriod / QuiescentPeriod and their User*
  // twins): member events, and user events sent with coalesce, are held until
  // `quiescent` passes without another or `period` since the first, and delivered
  // newest-per-member / newest-per-name. Zero periods (the library default, as in Go's
  // DefaultConfig) deliver every event at once; Serf's agent uses 3 s and 1 s.
  struct Coalescing {
    core::Duration period{0}, quiescent{0};
  };
  Coalescing member_coalescing, user_coalescing;
  // Optional: every member event as Serf raises it, before any coalescing, on the loop
  // thread (it must not block). Serf's agent logs "EventMemberJoin: ..." at this point.
  std::function<void(const serf::MemberEvent&)> on_member_event_raised;
  // Optional: every join or leave intent that moved a member's status time, on the loop
  // thread (it must not block). The agent's snapshot notes the member clock moved.
  std::function<void(const serf::MemberIntent&)> on_member_intent;
  // Optional: every user event we see for the first time (ours included), as Serf raises
  // it and before any coalescing, on the loop thread (it must not block), with the
  // address of the packet that carried it (nullptr: our own, or from a push/pull). The
  // agent's event trace (agent/event_trace.hpp) hangs here.
  std::function<void(const serf::UserEvent&, const Address* from)> on_user_event_raised;
  // Encryption: set config.memberlist.encryption.keyring to encrypt; the nonce source is
  // filled in with the OS random source when left empty. Called on the loop thread
  // whenever a key query changed the keyring, after the input that changed it (Serf
  // rewrites its keyring file there); the answer to the query waits for it, and a
  // returned message is reported to the querier as this member's failure.
  std::function<std::optional<std::string>(const codec::Keyring&)> on_keyring_changed;
};

struct SerfClusterStats {
  core::Stats core;
  NetStats net;
  std::size_t members = 0, failed = 0, left = 0;
  serf::LamportTime member_time = 0, event_time = 0, query_time = 0;
  std::size_t queued_broadcasts = 0;  // the three below together
  std::size_t intent_queue = 0, event_queue = 0, query_queue = 0;
  std::uint64_t coordinate_resets = 0;
  int health_score = 0;
};

// Traffic with each member (core::Node::peer_traffic; empty unless the memberlist
// config's peer_traffic is on), and the loop's clock when it was copied, to read the
// rows' last_in / last_out against.
struct PeerTrafficSnapshot {
  core::Time now{0};
  std::vector<core::PeerTraffic> peers;
};

class SerfCluster {
 public:
  // Binds and starts the loop. Throws std::invalid_argument for a bad configuration and
  // std::system_error when binding fails.
  static std::unique_ptr<SerfCluster> start(SerfClusterOptions opt);
  ~SerfCluster();  // shutdown()
  SerfCluster(const SerfCluster&) = delete;
  SerfCluster& operator=(const SerfCluster&) = delete;

  // Push/pull with each seed (address text as Cluster::join), then announce our join.
  // `ignore_old`: user events from before the join are not replayed to us. Blocks until
  // every seed has answered or timed out; returns how many answered. Joins are serialised.
  // Seeds that do not resolve are skipped, and listed in `unresolved` when given.
  std::size_t join(const std::vector<std::string>& seeds, bool ignore_old = true,
                   std::vector<std::string>* unresolved = nullptr);
  // Graceful leave: our leave intent, then memberlist's, then leave_propagate_delay.
  // True when it completed within `timeout`. The loop keeps running; shutdown() after.
  bool leave(std::chrono::milliseconds timeout);

  std::vector<serf::Member> members();  // sorted by name; failed and left ones included
  serf::Member local_member();
  Address address() const noexcept { return advertise_; }
  const serf::Config& config() const noexcept { return config_; }

  serf::SerfStatus user_event(const std::string& name, Bytes payload, bool coalesce = false);
  // Starts a query; `cb` reports acks and responses until its deadline. A negative
  // params.timeout throws std::invalid_argument; tag filters are each receiver's to
  // match (a regexp one cannot compile matches nothing there, as in Serf).
  serf::Outcome<serf::QueryKey> query(const std::string& name, Bytes payload,
                                      const serf::QueryParams& params, QueryCallbacks cb);
  // Starts a query and blocks until its deadline, returning what it collected.
  serf::Outcome<QueryResult> query_collect(const std::string& name, Bytes payload,
                                           const serf::QueryParams& params);
  serf::SerfStatus respond(std::uint64_t query_id, Bytes payload);

  // Sets `set` and removes `remove` from our tags in one step, then announces them.
  serf::SerfStatus update_tags(const serf::Tags& set, const std::vector<std::string>& remove);
  serf::SerfStatus force_leave(const std::string& node, bool prune);
  // Serf's KeyManager: install, use or remove `key_b64` on every member, or list their
  // keys; blocks until every alive member answered or the query timed out, and returns
  // the tally (KeyResponse::error() says whether it fully worked).
  serf::Outcome<serf::KeyResponse> key_query(serf::KeyOp op, const std::string& key_b64);
  bool encrypted() const noexcept { return config_.memberlist.encryption.enabled(); }

  // After a restart, before joining: the clocks a snapshot recorded, so events and
  // queries already handled are not handed out again (Serf::restore_clocks).
  void restore_clocks(serf::LamportTime member, serf::LamportTime event, serf::LamportTime query);

  SubscriptionId subscribe(SerfEventCallback cb);
  void unsubscribe(SubscriptionId id);

  SerfClusterStats stats();
  PeerTrafficSnapshot peer_traffic();
  // The Vivaldi coordinate cached for `name` (ours for our own name), as Serf's
  // GetCachedCoordinate; nullopt when there is none.
  std::optional<serf::Coordinate> coordinate(const std::string& name);

  // Stops the loop without a leave. Idempotent.
  void shutdown();

 private:
  struct State;
  class Sink;
  class Driver;
  explicit SerfCluster(SerfClusterOptions opt);

  std::unique_ptr<State> s_;
  Address advertise_;
  serf::Config config_;
};

}  // namespace rumor::net
RUMOR_PUBLIC_END
