// What an agent's configuration means for its cluster: the gossip profile and Serf's
// settings, the addresses to bind and advertise, encryption, and Serf's agent coalescing.
// A pure function, so every setting's effect can be tested without starting anything:
// the caller hands in what needs the system (the keyring read from its files, the first
// interface's IPv4 address) and wires the callbacks (logging, events, keyring
// persistence), which belong to the running agent.
#pragma once

#include <memory>
#include <string>

#include "agent/agent_config.hpp"
#include "codec/keyring.hpp"
#include "net/serf_cluster.hpp"

namespace rumor::agent {

// cfg.node_name must be set. `interface_ip` is advertised when the agent binds to every
// address (0.0.0.0 or ::) and no advertise address is configured. A bind or advertise
// address that does not parse is a ConfigError naming the key.
net::SerfClusterOptions cluster_options(const AgentConfig& cfg,
                                        std::shared_ptr<codec::Keyring> keyring,
                                        const std::string& interface_ip);

}  // namespace rumor::agent
