#include "agent/cluster_options.hpp"

#include "net/endpoint.hpp"

namespace rumor::agent {

net::SerfClusterOptions cluster_options(const AgentConfig& cfg,
                                        std::shared_ptr<codec::Keyring> keyring,
                                        const std::string& interface_ip) {
  net::SerfClusterOptions opt;
  const auto bind = net::parse_address(cfg.bind, 7946);
  if (!bind) throw ConfigError("bind", "not an address: '" + cfg.bind + "'");
  opt.transport.bind_host = bind->ip.to_string();
  opt.transport.bind_port = bind->port;
  if (!cfg.advertise.empty()) {
    const auto adv = net::parse_address(cfg.advertise, bind->port);
    if (!adv) throw ConfigError("advertise", "not an address: '" + cfg.advertise + "'");
    opt.transport.advertise_host = adv->ip.to_string();
    opt.transport.advertise_port = adv->port;
  } else if (opt.transport.bind_host == "0.0.0.0" || opt.transport.bind_host == "::") {
    opt.transport.advertise_host = interface_ip;
  }
  opt.transport.inject_inbound_loss = cfg.inject_loss;

  core::Config& ml = opt.config.memberlist;
  ml = core::Config::for_profile(cfg.profile);
  ml.name = cfg.node_name;
  ml.peer_traffic = true;  // the dashboard's gossip view, /v1/peers
  // Off: no eager rounds. On: the profile's interval, or one per gossip interval for
  // the profiles that have none.
  if (!cfg.eager_gossip) {
    ml.eager_gossip_interval = core::Duration::zero();
  } else if (ml.eager_gossip_interval == core::Duration::zero()) {
    ml.eager_gossip_interval = ml.gossip_interval;
  }
  ml.encryption.keyring = std::move(keyring);

  opt.config.tags = cfg.tags;
  opt.config.reconnect_interval = cfg.reconnect_interval;
  opt.config.reconnect_timeout = cfg.reconnect_timeout;
  opt.config.tombstone_timeout = cfg.tombstone_timeout;
  opt.config.query_response_size_limit = cfg.query_response_size_limit;
  opt.config.query_size_limit = cfg.query_size_limit;
  opt.config.user_event_size_limit = cfg.user_event_size_limit;
  opt.call_timeout = 10s;
  // Serf's agent coalesces member events, and user events sent with coalesce (the
  // `serf event` default), over 3 s with 1 s of quiet (agent/command.go).
  opt.member_coalescing = {3s, 1s};
  opt.user_coalescing = {3s, 1s};
  return opt;
}

}  // namespace rumor::agent
