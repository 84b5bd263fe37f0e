// A blocking client of Serf's agent RPC protocol, for a `rumor agent` or a real
// `serf agent`: what the `serf` command does, as a C++ class (the `rumor` command's
// client subcommands, tests, demos). One TCP connection, handshaken (version 1) and
// authenticated on construction; one request at a time; every wait bounded by a
// deadline. Not thread-safe: use one client per thread.
//
// Failures throw RpcError: could not connect, the connection failed or timed out, the
// agent sent something malformed (decoding is bounds-checked and never crashes), or the
// agent answered with an error (kind agent; the message is the agent's own). The
// keyring calls return the agent's error instead, since its per-node messages matter.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "agent/rpc_protocol.hpp"
#include "codec/bytes.hpp"

namespace rumor::agent {

inline constexpr const char* kDefaultRpcAddr = "127.0.0.1:7373";

struct RpcClientOptions {
  std::string addr = kDefaultRpcAddr;  // host:port, [v6]:port
  std::string auth_key;                // sent with "auth" when not empty
  // Bounds connecting and each request; commands that work cluster-wide (join, leave,
  // the keyring) get more on top, a query its own timeout, a monitor its duration.
  std::chrono::milliseconds timeout{10'000};
};

class RpcError : public std::runtime_error {
 public:
  enum class Kind {
    connect,   // could not reach the agent
    io,        // the connection failed, closed or timed out
    protocol,  // the agent sent something we cannot read
    agent,     // the agent answered with an error
  };
  RpcError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const noexcept { return kind_; }

 private:
  Kind kind_;
};

struct MemberFilter {
  std::map<std::string, std::string> tags;  // tag -> regexp, anchored by the agent
  std::string status;                       // regexp; empty: any
  std::string name;                         // regexp; empty: any
};

struct QueryResult {
  std::vector<std::string> acks;  // in arrival order
  std::vector<std::pair<std::string, Bytes>> responses;
};

// The answer to a keyring command: `error` is the agent's (empty on success), `reply`
// its per-node messages and, for list-keys, each key's count.
struct KeyringReply {
  std::string error;
  rpc::KeyResponse reply;
};

class RpcClient {
 public:
  explicit RpcClient(const RpcClientOptions& options);
  ~RpcClient();
  RpcClient(const RpcClient&) = delete;
  RpcClient& operator=(const RpcClient&) = delete;

  const std::string& addr() const noexcept { return options_.addr; }

  std::vector<rpc::RpcMember> members();
  std::vector<rpc::RpcMember> members(const MemberFilter& filter);  // "members-filtered"
  // Returns how many nodes were contacted.
  int join(const std::vector<std::string>& addrs, bool replay);
  // Graceful leave; the agent shuts down after answering.
  void leave();
  void force_leave(const std::string& node, bool prune = false);
  void user_event(const std::string& name, ByteView payload, bool coalesce);
  void update_tags(const std::map<std::string, std::string>& set,
                   const std::vector<std::string>& remove);
  rpc::StatsResponse stats();  // section -> key -> value ("agent", "serf", ...)

  KeyringReply install_key(const std::string& key);
  KeyringReply use_key(const std::string& key);
  KeyringReply remove_key(const std::string& key);
  KeyringReply list_keys();

  // nullopt when the agent keeps no coordinate for the node.
  std::optional<serf::Coordinate> get_coordinate(const std::string& node);

  // Runs a query until the agent reports it done, calling on_accepted once the agent has
  // taken it, then on_ack / on_response as records arrive (any may be empty). Waits at most the
  // query's timeout (or, when 0, the agent's default, assumed under 2 minutes) plus the client
  // timeout.
  struct QueryHandlers {
    std::function<void()> on_accepted;
    std::function<void(const std::string& from)> on_ack;
    std::function<void(const std::string& from, const Bytes& payload)> on_response;
  };
  void query(const rpc::QueryRequest& request, const QueryHandlers& handlers);
  QueryResult query(const rpc::QueryRequest& request);

  // Streams the agent's log lines at `level` (trace, debug, info, warn, err) to on_line
  // until on_line returns false, keep_going() (polled every 100 ms, may be empty) returns
  // false, or `duration` passes; then stops the stream. Throws if the agent refuses the
  // monitor or the connection ends.
  void monitor(const std::string& level, const std::function<bool(const std::string&)>& on_line,
               std::chrono::milliseconds duration, const std::function<bool()>& keep_going = {});

 private:
  using Clock = std::chrono::steady_clock;
  using BodyWriter = std::function<void(RpcWriter&)>;
  using BodyReader = std::function<codec::Status(codec::msgpack::Reader&)>;

  void connect();
  std::uint64_t send(const std::string& command, const BodyWriter& body);
  // The header answering `seq`, skipping records of other sequences and stray bodies.
  // Throws RpcError(io) at the deadline.
  rpc::ResponseHeader await_header(std::uint64_t seq, Clock::time_point deadline,
                                   const std::string& what);
  // The next complete msgpack value, or nullopt when `deadline` passes first. The view
  // stays valid until the next call.
  std::optional<ByteView> next_value(Clock::time_point deadline, const std::string& what);
  // Sends a request (body may be empty) and waits, the client timeout plus `extra`, for
  // its answer, whose body `read` decodes (none expected when empty). The agent's error
  // is thrown, or stored in `agent_error` when given.
  void call(const std::string& command, const BodyWriter& body, const BodyReader& read,
            std::chrono::milliseconds extra = {}, std::string* agent_error = nullptr);
  void simple(const std::string& command, const BodyWriter& body,
              std::chrono::milliseconds extra = {});
  KeyringReply keyring(const std::string& command, const std::string* key);
  void close_socket() noexcept;

  RpcClientOptions options_;
  int fd_ = -1;
  std::uint64_t seq_ = 0;
  Bytes in_;              // received bytes not yet consumed
  std::size_t used_ = 0;  // bytes of in_ consumed by the last value returned
};

}  // namespace rumor::agent
