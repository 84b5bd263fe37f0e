#include "cli/agent_command.hpp"

#include <signal.h>

#include <cstdio>
#include <exception>
#include <set>
#include <string>

#include "agent/agent.hpp"
#include "agent/config_file.hpp"
#include "agent/duration.hpp"
#include "cli/go_flags.hpp"
#include "websim/api.hpp"

namespace rumor::cli {

namespace {

// What decides which config files are read; collected before the files are.
struct Sources {
  std::vector<std::string> config_paths;
  bool dev = false;
};

void register_flags(GoFlags& flags, agent::AgentConfig& cfg, Sources& src) {
  auto str = [](std::string& target) {
    return [&target](const std::string& v) {
      target = v;
      return std::string();
    };
  };
  auto list = [](std::vector<std::string>& target) {
    return [&target](const std::string& v) {
      target.push_back(v);
      return std::string();
    };
  };
  auto duration = [](std::chrono::milliseconds& target, const char* name) {
    return [&target, name](const std::string& v) -> std::string {
      const auto d = agent::parse_duration(v);
      if (!d || d->count() < 0) return std::string("-") + name + ": bad duration '" + v + "'";
      target = *d;
      return {};
    };
  };
  flags.value("config-file", "a JSON config file (repeatable; flags override it)",
              list(src.config_paths));
  flags.value("config-dir", "a directory of *.json config files, read in order (repeatable)",
              list(src.config_paths));
  flags.boolean("dev", "one agent on 127.0.0.1 with quick local timings and debug logs", src.dev);
  flags.value("node", "node name (default: host name)", str(cfg.node_name));
  flags.value("bind", "address to bind gossip to (default 0.0.0.0:7946)", str(cfg.bind));
  flags.value("advertise", "address to advertise to other members", str(cfg.advertise));
  flags.value("join", "address of an agent to join at start (repeatable)", list(cfg.join));
  flags.value("retry-join", "address to keep trying to join (repeatable)", list(cfg.retry_join));
  flags.value("retry-interval", "time between retry-join attempts (default 30s)",
              duration(cfg.retry_interval, "retry-interval"));
  flags.value("retry-max", "retry-join attempts, 0 for no limit",
              [&](const std::string& v) -> std::string {
                try {
                  cfg.retry_max = std::stoi(v);
                  if (cfg.retry_max < 0) throw std::out_of_range(v);
                  return {};
                } catch (const std::exception&) {
                  return "-retry-max: not a non-negative number: '" + v + "'";
                }
              });
  flags.boolean("replay", "replay past user events when joining", cfg.replay);
  flags.value("tag", "tag as key=value (repeatable)", [&](const std::string& v) -> std::string {
    const auto eq = v.find('=');
    if (eq == std::string::npos || eq == 0) return "-tag: expected key=value, got '" + v + "'";
    cfg.tags[v.substr(0, eq)] = v.substr(eq + 1);
    return {};
  });
  flags.value("tags-file", "file the agent keeps its tags in", str(cfg.tags_file));
  flags.value("profile", "timing profile: lan, wan, local or lan-fast",
              [&](const std::string& v) -> std::string {
                const auto p = core::parse_profile(v);
                if (!p) return "-profile: unknown profile '" + v + "' (lan, wan, local, lan-fast)";
                cfg.profile = *p;
                return {};
              });
  flags.boolean("eager-gossip",
                "gossip news to a few peers at once, not at the next tick (default true)",
                cfg.eager_gossip);
  flags.value("event-handler", "handler script, [filter=]script (repeatable)",
              list(cfg.event_handlers));
  flags.value("rpc-addr", "address for the RPC listener (default 127.0.0.1:7373)",
              str(cfg.rpc_addr));
  flags.value("rpc-auth", "token RPC clients must present", str(cfg.rpc_auth));
  flags.value("log-level", "trace, debug, info, warn or err", str(cfg.log_level));
  flags.value("snapshot", "file to keep a snapshot of the cluster in", str(cfg.snapshot_path));
  flags.value("http-addr", "address for the HTTP API, /metrics and the dashboard (off if empty)",
              str(cfg.http_addr));
  flags.value("http-token", "token HTTP clients must present (required off loopback)",
              str(cfg.http_token));
  flags.boolean("rejoin", "rejoin the snapshot's cluster even after a graceful leave",
                cfg.rejoin_after_leave);
  flags.value("encrypt", "base64 key (16, 24 or 32 bytes) encrypting gossip", str(cfg.encrypt_key));
  flags.value("keyring-file", "file holding the keyring (JSON list of base64 keys)",
              str(cfg.keyring_file));
  flags.value("inject-loss", "testing: drop this fraction of inbound gossip packets (0 to 1)",
              [&](const std::string& v) -> std::string {
                try {
                  std::size_t used = 0;
                  cfg.inject_loss = std::stod(v, &used);
                  if (used != v.size() || !(cfg.inject_loss >= 0 && cfg.inject_loss < 1))
                    throw std::out_of_range(v);
                  return {};
                } catch (const std::exception&) {
                  return "-inject-loss: not a fraction in [0, 1): '" + v + "'";
                }
              });
}

// Config as Serf builds it: -dev defaults, then the files in order, then the flags.
// `given`: the flags on the command line.
std::string build_config(int argc, char** argv, agent::AgentConfig& out, bool& help,
                         std::set<std::string>* given = nullptr) {
  Sources src;
  {
    agent::AgentConfig scratch;
    GoFlags first;
    register_flags(first, scratch, src);
    if (auto err = first.parse(argc, argv); !err.empty()) return err;
    help = first.help_requested();
    if (help) {
      std::printf("Usage: rumor agent [options]\n\n%s", first.usage().c_str());
      return {};
    }
  }
  agent::AgentConfig cfg;
  if (src.dev) agent::apply_dev_defaults(cfg);
  if (auto err = agent::load_config_paths(src.config_paths, cfg); !err.empty()) return err;
  Sources again;
  GoFlags flags;
  register_flags(flags, cfg, again);
  if (auto err = flags.parse(argc, argv); !err.empty()) return err;
  if (given) *given = flags.given();
  out = std::move(cfg);
  return {};
}

// The flag that sets config key `key` (log_level: log-level, encrypt_key: encrypt).
std::string flag_for_key(const std::string& key) {
  if (key == "encrypt_key") return "encrypt";
  if (key == "node_name") return "node";
  std::string flag = key;
  for (char& c : flag)
    if (c == '_') c = '-';
  return flag;
}

// An agent's configuration error, naming the flag when the value came from one (flags
// win over files), and the config key otherwise.
std::string describe(const agent::ConfigError& e, const std::set<std::string>& given) {
  const std::string flag = flag_for_key(e.key());
  if (given.count(flag)) return "-" + flag + ": " + e.detail();
  return e.what();
}

}  // namespace

int run_agent(int argc, char** argv) {
  agent::AgentConfig cfg;
  bool help = false;
  std::set<std::string> given;
  if (auto err = build_config(argc, argv, cfg, help, &given); !err.empty()) {
    std::fprintf(stderr, "rumor agent: %s\n", err.c_str());
    return 2;
  }
  if (help) return 0;

  // Signals are taken synchronously by this thread; every thread the agent starts
  // inherits the mask.
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  sigaddset(&sigs, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &sigs, nullptr);

  // The web gossip simulator under /sim/ of the agent's HTTP address (docs/websim.md):
  // the CLI's, not the agent library's, which knows nothing of the simulators.
  websim::Api simulator;
  std::unique_ptr<agent::Agent> a;
  try {
    a = std::make_unique<agent::Agent>(cfg, std::vector{simulator.mount("/sim")});
    a->start();
  } catch (const agent::ConfigError& e) {  // the configuration must change
    std::fprintf(stderr, "rumor agent: %s\n", describe(e, given).c_str());
    return 2;
  } catch (const std::exception& e) {  // it could not run: a port in use, nobody to join
    std::fprintf(stderr, "rumor agent: %s\n", e.what());
    return 1;
  }
  const timespec tick{0, 200'000'000};
  for (;;) {
    const int sig = sigtimedwait(&sigs, nullptr, &tick);
    if (sig == SIGHUP) {
      // Re-read files and flags; what can change at run time is applied, the rest logged.
      agent::AgentConfig next;
      bool unused = false;
      if (auto err = build_config(argc, argv, next, unused); !err.empty()) {
        a->log().error("agent", "reload failed, keeping the running config: " + err);
      } else {
        a->reload(next);
        cfg.leave_on_terminate = next.leave_on_terminate;
        cfg.skip_leave_on_interrupt = next.skip_leave_on_interrupt;
      }
      continue;
    }
    if (sig == SIGINT || sig == SIGTERM) {
      const bool leave = sig == SIGINT ? !cfg.skip_leave_on_interrupt : cfg.leave_on_terminate;
      a->log().info("agent", std::string(sig == SIGINT ? "caught interrupt" : "caught terminate") +
                                 (leave ? ", leaving" : ", shutting down without a leave"));
      if (leave) {
        a->leave_and_shutdown();
      } else {
        a->shutdown();
      }
      return 0;
    }
    if (a->shutting_down()) {
      a->shutdown();
      return 0;
    }
  }
}

}  // namespace rumor::cli
