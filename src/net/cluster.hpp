// rumor::net::Cluster — the library user's view of one member: start it, join others,
// watch members come and go, broadcast, leave, shut down.
//
// Thread safety: every public function may be called from any thread. Calls throw
// CallError when the loop is stopped or does not answer within call_timeout. Each is posted to
// the loop thread (the only thread touching the core::Node) and waited for with a
// bounded timeout; nothing here touches the Node from the caller's thread. Event
// callbacks run on the loop thread (see events.hpp); from inside one, the non-blocking
// functions run inline, while join(), leave() and shutdown() throw std::logic_error.
//
// Layering: Cluster runs a bare core::Node; SerfCluster (serf_cluster.hpp) is its sibling
// for Serf (user events, queries, tags), built the same way on net::Runtime.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "codec/bytes.hpp"
#include "codec/ip.hpp"
#include "core/config.hpp"
#include "core/member.hpp"
#include "core/stats.hpp"
#include "net/call_error.hpp"
#include "net/events.hpp"
#include "net/net_stats.hpp"
#include "net/transport_options.hpp"
#include <rumor/export.hpp>

RUMOR_PUBLIC_BEGIN
namespace rumor::net {

struct ClusterOptions {
  // Protocol settings. `name` is required; `advertise` is filled in from the transport.
  // `tcp_timeout` also bounds inbound streams.
  core::Config config = core::Config::lan();
  TransportOptions transport;
  std::size_t inbound_queue_limit = 1024;
  Bytes meta;  // initial node metadata (<= config.meta_max)
  // How long a call waits for the loop before throwing CallError.
  std::chrono::milliseconds call_timeout{5000};
  // RNG seed for the node; nullopt draws one from the OS random source.
  std::optional<std::uint64_t> seed;
};

struct ClusterStats {
  core::Stats core;  // protocol counters, including malformed / dropped messages
  NetStats net;      // sockets and the inbound queue
  std::size_t members = 0, alive = 0;
  int health_score = 0;
};

class Cluster {
 public:
  // Binds, builds the node and starts the loop. Throws std::invalid_argument for a bad
  // configuration and std::system_error when binding fails.
  static std::unique_ptr<Cluster> start(ClusterOptions opt);
  ~Cluster();  // shutdown()
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  // Push/pull with each seed ("ip:port", "[v6]:port", a host name, or an ip with the
  // default port 7946). Blocks until every attempt has finished (each is bounded by
  // config.tcp_timeout) and returns how many succeeded. Unparseable seeds count as failed.
  std::size_t join(const std::vector<std::string>& seeds);

  // Broadcast our leave and wait until it has been sent retransmit_limit times (or
  // nobody is left to tell), up to `timeout`. True when it propagated in time. The node
  // keeps running; call shutdown() afterwards.
  bool leave(std::chrono::milliseconds timeout);

  // Every known member, self included (dead and left ones until they are reaped).
  std::vector<core::Member> members();
  core::Member local_member();
  Address address() const noexcept { return advertise_; }

  // Gossip `msg` to every member (piggybacked, best effort). A non-empty key replaces a
  // queued broadcast with the same key.
  void broadcast(Bytes msg, std::string key = {});
  // A message to one member: over UDP, or over TCP when `reliable`. False if unknown.
  bool send(const std::string& member, Bytes msg, bool reliable);
  void send_to(const Address& to, Bytes msg, bool reliable);
  // Replace our metadata and announce it. Throws std::invalid_argument above meta_max.
  void update_meta(Bytes meta);

  SubscriptionId subscribe(EventCallback cb);
  void unsubscribe(SubscriptionId id);

  ClusterStats stats();

  // Stops the loop without a leave (peers will detect us as dead). Idempotent.
  void shutdown();

 private:
  struct State;
  explicit Cluster(ClusterOptions opt);
  void after_input();
  void on_join_result(const Address& seed, bool ok);

  std::unique_ptr<State> s_;
  Address advertise_;
};

}  // namespace rumor::net
RUMOR_PUBLIC_END
