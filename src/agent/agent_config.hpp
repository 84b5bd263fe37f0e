// What `rumor agent` runs with: Serf's agent options, with Serf's defaults and ports.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "agent/event.hpp"
#include "core/config.hpp"

namespace rumor::agent {

struct AgentConfig {
  std::string node_name;                // default: the host name
  std::string bind = "0.0.0.0:7946";    // Serf's default gossip port
  std::string advertise;                // default: the bind address
  std::vector<std::string> join;        // joined once at start; failure is fatal
  std::vector<std::string> retry_join;  // retried until it works or retry_max
  std::chrono::seconds retry_interval{30};
  int retry_max = 0;    // 0: forever
  bool replay = false;  // replay old user events on join
  Tags tags;
  core::Profile profile = core::Profile::lan;
  std::vector<std::string> event_handlers;  // Serf's "filter=script" specs
  std::string rpc_addr = "127.0.0.1:7373";
  std::string rpc_auth;
  std::string log_level = "info";
  std::chrono::seconds handler_timeout{30};
};

}  // namespace rumor::agent
