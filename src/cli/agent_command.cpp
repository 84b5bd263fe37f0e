#include "cli/agent_command.hpp"

#include <signal.h>

#include <cstdio>
#include <exception>

#include "agent/agent.hpp"
#include "cli/go_flags.hpp"

namespace rumor::cli {

namespace {

std::string parse_seconds(const std::string& text, std::chrono::seconds& out,
                          const std::string& flag) {
  // Go durations as Serf's config uses them: "30s", "2m", "1h", or plain seconds.
  try {
    std::size_t used = 0;
    const long v = std::stol(text, &used);
    const std::string unit = text.substr(used);
    if (unit.empty() || unit == "s")
      out = std::chrono::seconds(v);
    else if (unit == "m")
      out = std::chrono::minutes(v);
    else if (unit == "h")
      out = std::chrono::hours(v);
    else
      return "-" + flag + ": bad duration '" + text + "'";
    return {};
  } catch (const std::exception&) {
    return "-" + flag + ": bad duration '" + text + "'";
  }
}

}  // namespace

int run_agent(int argc, char** argv) {
  agent::AgentConfig cfg;
  GoFlags flags;
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
  flags.value("node", "node name (default: host name)", str(cfg.node_name));
  flags.value("bind", "address to bind gossip to (default 0.0.0.0:7946)", str(cfg.bind));
  flags.value("advertise", "address to advertise to other members", str(cfg.advertise));
  flags.value("join", "address of an agent to join at start (repeatable)", list(cfg.join));
  flags.value("retry-join", "address to keep trying to join (repeatable)", list(cfg.retry_join));
  flags.value(
      "retry-interval", "time between retry-join attempts (default 30s)",
      [&](const std::string& v) { return parse_seconds(v, cfg.retry_interval, "retry-interval"); });
  flags.value("retry-max", "retry-join attempts, 0 for no limit",
              [&](const std::string& v) -> std::string {
                try {
                  cfg.retry_max = std::stoi(v);
                  return {};
                } catch (const std::exception&) {
                  return "-retry-max: not a number: '" + v + "'";
                }
              });
  flags.boolean("replay", "replay past user events when joining", cfg.replay);
  flags.value("tag", "tag as key=value (repeatable)", [&](const std::string& v) -> std::string {
    const auto eq = v.find('=');
    if (eq == std::string::npos || eq == 0) return "-tag: expected key=value, got '" + v + "'";
    cfg.tags[v.substr(0, eq)] = v.substr(eq + 1);
    return {};
  });
  flags.value("profile", "timing profile: lan, wan or local",
              [&](const std::string& v) -> std::string {
                const auto p = core::parse_profile(v);
                if (!p) return "-profile: unknown profile '" + v + "' (lan, wan, local)";
                cfg.profile = *p;
                return {};
              });
  flags.value("event-handler", "handler script, [filter=]script (repeatable)",
              list(cfg.event_handlers));
  flags.value("rpc-addr", "address for the RPC listener (default 127.0.0.1:7373)",
              str(cfg.rpc_addr));
  flags.value("rpc-auth", "token RPC clients must present", str(cfg.rpc_auth));
  flags.value("log-level", "trace, debug, info, warn or err", str(cfg.log_level));

  if (auto err = flags.parse(argc, argv); !err.empty()) {
    std::fprintf(stderr, "rumor agent: %s\n", err.c_str());
    return 2;
  }
  if (flags.help_requested()) {
    std::printf("Usage: rumor agent [options]\n\n%s", flags.usage().c_str());
    return 0;
  }

  // Signals are taken synchronously by this thread; every thread the agent starts
  // inherits the mask.
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, nullptr);

  std::unique_ptr<agent::Agent> a;
  try {
    a = std::make_unique<agent::Agent>(cfg);
    a->start();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rumor agent: %s\n", e.what());
    return 2;
  }
  const timespec tick{0, 200'000'000};
  for (;;) {
    const int sig = sigtimedwait(&sigs, nullptr, &tick);
    if (sig == SIGINT || sig == SIGTERM) {
      a->log().info("agent",
                    sig == SIGINT ? "caught interrupt, leaving" : "caught terminate, leaving");
      a->leave_and_shutdown();
      return 0;
    }
    if (a->shutting_down()) {
      a->shutdown();
      return 0;
    }
  }
}

}  // namespace rumor::cli
