// What `rumor agent` runs with: Serf's agent options, with Serf's defaults and ports.
// Filled from config files (config_file.hpp), then flags, which win.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "agent/event.hpp"
#include "core/config.hpp"

namespace rumor::agent {

using namespace std::chrono_literals;

// A configuration the agent cannot run with (a bad value, conflicting settings): the
// command line or config file must change (`rumor agent` exits 2). Anything else the
// agent throws at start (a port in use, a -join nobody answered) is a failure to run
// (exit 1). what() is "key: detail", `key` the config file's name for the setting, so
// that the command line can name its own flag instead when the value came from one.
class ConfigError : public std::runtime_error {
 public:
  ConfigError(const std::string& key, const std::string& detail)
      : std::runtime_error(key + ": " + detail), key_(key), detail_(detail) {}
  const std::string& key() const noexcept { return key_; }
  const std::string& detail() const noexcept { return detail_; }

 private:
  std::string key_, detail_;
};

struct AgentConfig {
  std::string node_name;                // default: the host name
  std::string bind = "0.0.0.0:7946";    // Serf's default gossip port
  std::string advertise;                // default: the bind address
  std::vector<std::string> join;        // joined once at start; failure is fatal
  std::vector<std::string> retry_join;  // retried until it works or retry_max
  std::chrono::milliseconds retry_interval = 30s;
  int retry_max = 0;    // 0: forever
  bool replay = false;  // replay old user events on join
  Tags tags;
  std::string tags_file;  // tags persisted here; RPC tag changes are written back
  core::Profile profile = core::Profile::lan;
  // Not in Serf: news (user events, queries, intents, member state) is gossiped at once
  // to a few peers rather than at the next gossip tick (core::Config::
  // eager_gossip_interval, one extra round per gossip interval at most). Go serf agents in
  // the same cluster just hear it sooner. Off: memberlist's timing exactly.
  bool eager_gossip = true;
  std::vector<std::string> event_handlers;  // Serf's "filter=script" specs
  std::string rpc_addr = "127.0.0.1:7373";
  std::string rpc_auth;
  std::string log_level = "info";
  std::chrono::seconds handler_timeout{30};

  // HTTP API, /metrics and the dashboard (http_server.hpp); empty: off. A token is
  // required when the address is not loopback.
  std::string http_addr;
  std::string http_token;

  std::string snapshot_path;        // empty: no snapshot
  bool rejoin_after_leave = false;  // rejoin from the snapshot even after a leave
  std::string encrypt_key;          // base64; empty: no encryption
  std::string keyring_file;
  // Departure: Serf's default for leave_on_terminate is false. rumor leaves on SIGTERM
  // unless told otherwise, since a service manager's stop is usually meant as a leave.
  bool leave_on_terminate = true;
  bool skip_leave_on_interrupt = false;

  std::chrono::milliseconds reconnect_interval = 30s;
  std::chrono::milliseconds reconnect_timeout = 24h;
  std::chrono::milliseconds tombstone_timeout = 24h;
  std::size_t query_response_size_limit = 1024;
  std::size_t query_size_limit = 1024;
  std::size_t user_event_size_limit = 512;

  // Testing aid (-inject-loss): drop this fraction of inbound gossip datagrams, for
  // soaks and chaos runs on one machine (net::TransportOptions::inject_inbound_loss).
  double inject_loss = 0.0;
};

}  // namespace rumor::agent
