// A soak of real rumor agents on loopback: churn, in-process packet loss, and time.
//
//   soak_agents [--agents 50] [--churners 10] [--minutes 10] [--loss 0.05]
//               [--event-every 2] [--churn-every 5] [--seed 1] [--json]
//
// Every agent drops --loss of its inbound gossip datagrams (-inject-loss). The first
// agents - churners are "stable": they stay up the whole run. The others churn: every
// --churn-every seconds one of them is killed with SIGKILL, told to leave (SIGTERM, a
// graceful leave), or restarted with -join to two stable agents. Every --event-every
// seconds a user event "soak" with a unique payload goes to a random stable agent; each
// agent's handler (for "soak" only) appends the payload to a file.
//
// When the churn stops, every churner is started again and the soak checks:
// - convergence: every agent reports every other agent alive (and the time it took);
// - no event lost: every stable agent's handler saw every event sent;
// - memory: the stable agents' anonymous memory (heap, stacks) sampled every 30 s, the
//   first sample (after one minute) against the last. Before the churn starts, --fill
//   events (no handler runs for them) fill Serf's 512-slot de-dup ring, so that memory
//   bounded by it is all there by the first sample.
// Exit status 0 only if all three hold (memory: growth under 20%).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "agent/child_process.hpp"
#include "agent/rpc_client.hpp"
#include "cli/built_binary.hpp"
#include "net/free_port.hpp"
#include "process_probe.hpp"

namespace {

using namespace std::chrono_literals;
using rumor::agent::ChildProcess;
using rumor::bench::Memory;
using rumor::bench::memory_mb;
using rumor::bench::slurp;
using rumor::bench::wait_for;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

struct Options {
  int agents = 50;
  int churners = 10;
  double minutes = 10;
  double loss = 0.05;
  int event_every_s = 2;
  int churn_every_s = 5;
  std::uint64_t seed = 1;
  int fill = 600;
  bool json = false;
};

struct Agent {
  std::string name;
  std::uint16_t gossip = 0, rpc = 0;
  fs::path events;  // the handler appends one event name per line
  std::unique_ptr<ChildProcess> proc;
  bool stable = false;
  bool up() const { return proc != nullptr; }
};

struct Soak {
  Options opt;
  fs::path dir;
  std::vector<Agent> agents;
  std::mt19937_64 rng;
  std::vector<std::string> sent;  // event names, in order
  int kills = 0, leaves = 0, restarts = 0, send_failures = 0;

  void start(Agent& a, std::vector<std::uint16_t> seeds) {
    std::vector<std::string> argv = {
        ::rumor::cli::built_binary(),
        "agent",
        "-node=" + a.name,
        "-bind=127.0.0.1:" + std::to_string(a.gossip),
        "-rpc-addr=127.0.0.1:" + std::to_string(a.rpc),
        "-profile=lan",
        "-log-level=warn",
        "-inject-loss=" + std::to_string(opt.loss),
        "-event-handler",
        "user:soak=cat >> " + a.events.string() + "; echo >> " + a.events.string()};
    for (auto port : seeds) argv.push_back("-join=127.0.0.1:" + std::to_string(port));
    a.proc = std::make_unique<ChildProcess>(argv, (dir / (a.name + ".log")).string());
  }

  std::vector<std::uint16_t> stable_seeds(std::size_t n) {
    std::vector<std::uint16_t> ports;
    for (const auto& a : agents)
      if (a.stable && a.up()) ports.push_back(a.gossip);
    std::shuffle(ports.begin(), ports.end(), rng);
    ports.resize(std::min(n, ports.size()));
    return ports;
  }

  // Names an agent reports alive; nullopt if it does not answer.
  std::optional<std::set<std::string>> alive_seen_by(const Agent& a) {
    try {
      rumor::agent::RpcClient c({"127.0.0.1:" + std::to_string(a.rpc), "", 5s});
      std::set<std::string> alive;
      for (const auto& m : c.members())
        if (m.status == "alive") alive.insert(m.name);
      return alive;
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }

  Agent& pick(bool stable, bool up) {
    std::vector<Agent*> c;
    for (auto& a : agents)
      if (a.stable == stable && a.up() == up) c.push_back(&a);
    if (c.empty()) throw std::logic_error("no candidate");
    return *c[std::uniform_int_distribution<std::size_t>(0, c.size() - 1)(rng)];
  }
  bool any(bool stable, bool up) const {
    return std::any_of(agents.begin(), agents.end(),
                       [&](const Agent& a) { return a.stable == stable && a.up() == up; });
  }

  void churn_once() {
    const bool can_stop = any(false, true), can_start = any(false, false);
    const int action = std::uniform_int_distribution<int>(0, 2)(rng);
    if (can_start && (action == 2 || !can_stop)) {
      start(pick(false, false), stable_seeds(2));
      ++restarts;
    } else if (can_stop && action == 0) {
      pick(false, true).proc.reset();  // ChildProcess's destructor: SIGKILL
      ++kills;
    } else if (can_stop) {
      Agent& a = pick(false, true);
      a.proc->terminate();  // graceful leave (leave_on_terminate)
      wait_for([&] { return a.proc->exited(); }, 15s, 50ms);
      a.proc.reset();
      ++leaves;
    }
  }

  void send_event() {
    const std::string id = std::to_string(sent.size() + 1);
    try {
      rumor::agent::RpcClient c({"127.0.0.1:" + std::to_string(pick(true, true).rpc), "", 5s});
      c.user_event("soak",
                   rumor::ByteView(reinterpret_cast<const std::uint8_t*>(id.data()), id.size()),
                   false);
      sent.push_back(id);
    } catch (const std::exception&) {
      ++send_failures;  // not sent, so not expected anywhere
    }
  }

  // Events of `sent` that a's handler has not recorded.
  std::size_t missing(const Agent& a) const {
    std::istringstream in(slurp(a.events));
    std::set<std::string> seen;
    std::string line;
    while (std::getline(in, line)) seen.insert(line);
    std::size_t n = 0;
    for (const auto& e : sent) n += seen.count(e) == 0;
    return n;
  }

  double mean_anon_mb() const {
    double sum = 0;
    int n = 0;
    for (const auto& a : agents)
      if (a.stable && a.up()) sum += memory_mb(a.proc->pid()).anon, ++n;
    return n ? sum / n : 0;
  }
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(a + ": needs a value");
      return argv[++i];
    };
    if (a == "--agents") {
      o.agents = std::stoi(value());
    } else if (a == "--churners") {
      o.churners = std::stoi(value());
    } else if (a == "--minutes") {
      o.minutes = std::stod(value());
    } else if (a == "--loss") {
      o.loss = std::stod(value());
    } else if (a == "--event-every") {
      o.event_every_s = std::stoi(value());
    } else if (a == "--churn-every") {
      o.churn_every_s = std::stoi(value());
    } else if (a == "--seed") {
      o.seed = std::stoull(value());
    } else if (a == "--fill") {
      o.fill = std::stoi(value());
    } else if (a == "--json") {
      o.json = true;
    } else {
      throw std::invalid_argument("unknown option " + a);
    }
  }
  if (o.agents < 3 || o.churners < 1 || o.churners > o.agents - 2)
    throw std::invalid_argument("--agents >= 3 and 1 <= --churners <= agents - 2");
  if (o.minutes <= 0 || o.loss < 0 || o.loss >= 1 || o.event_every_s < 1 || o.churn_every_s < 1)
    throw std::invalid_argument(
        "--minutes > 0, --loss in [0, 1), --event-every/--churn-every >= 1");
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  Soak s;
  try {
    s.opt = parse(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "soak_agents: %s\n", e.what());
    return 2;
  }
  const Options& opt = s.opt;
  s.rng.seed(opt.seed);
  s.dir = fs::temp_directory_path() / ("rumor-soak-" + std::to_string(::getpid()));
  fs::create_directories(s.dir);
  std::uint16_t cursor = 24000;
  for (int i = 0; i < opt.agents; ++i) {
    Agent a;
    a.name = "soak-" + std::to_string(i);
    a.gossip = rumor::net::take_loopback_port(cursor);
    a.rpc = rumor::net::take_loopback_port(cursor);
    a.events = s.dir / (a.name + ".events");
    a.stable = i < opt.agents - opt.churners;
    s.agents.push_back(std::move(a));
  }
  const auto everyone_sees_everyone = [&] {
    std::set<std::string> all;
    for (const auto& a : s.agents)
      if (a.up()) all.insert(a.name);
    for (const auto& a : s.agents) {
      if (!a.up()) continue;
      const auto seen = s.alive_seen_by(a);
      if (!seen || *seen != all) return false;
    }
    return true;
  };

  s.start(s.agents[0], {});
  if (!wait_for([&] { return s.alive_seen_by(s.agents[0]).has_value(); }, 30s, 100ms)) {
    std::fprintf(stderr, "soak_agents: the first agent did not start (logs in %s)\n",
                 s.dir.c_str());
    return 1;
  }
  for (std::size_t i = 1; i < s.agents.size(); ++i) s.start(s.agents[i], {s.agents[0].gossip});
  if (!wait_for(everyone_sees_everyone, 180s, 1s)) {
    std::fprintf(stderr, "soak_agents: the cluster did not form in 180 s (logs in %s)\n",
                 s.dir.c_str());
    return 1;
  }
  {
    rumor::agent::RpcClient c({"127.0.0.1:" + std::to_string(s.agents[0].rpc), "", 5s});
    for (int i = 0; i < opt.fill; ++i) {
      c.user_event("fill", {}, false);
      std::this_thread::sleep_for(20ms);
    }
  }
  std::fprintf(stderr, "%d agents up (%d churn), %.0f%% inbound loss; churn for %.1f min\n",
               opt.agents, opt.churners, opt.loss * 100, opt.minutes);

  std::vector<double> anon;  // mean MB per stable agent, every 30 s after the first minute
  const auto t0 = Clock::now();
  const auto churn_end = t0 + std::chrono::milliseconds(static_cast<long>(opt.minutes * 60000));
  for (long tick = 1; Clock::now() < churn_end; ++tick) {
    std::this_thread::sleep_until(t0 + tick * 1s);
    if (tick % opt.event_every_s == 0) s.send_event();
    if (tick % opt.churn_every_s == 0) s.churn_once();
    if (tick >= 60 && tick % 30 == 0) {
      anon.push_back(s.mean_anon_mb());
      std::fprintf(stderr, "t=%lds events %zu kills %d leaves %d restarts %d anon %.2f MB\n", tick,
                   s.sent.size(), s.kills, s.leaves, s.restarts, anon.back());
    }
  }

  // Churn stops: bring every churner back, then wait for one view everywhere.
  for (auto& a : s.agents)
    if (!a.up()) s.start(a, s.stable_seeds(2)), ++s.restarts;
  const auto quiet = Clock::now();
  const bool converged = wait_for(everyone_sees_everyone, 180s, 1s);
  const double converge_s = std::chrono::duration<double>(Clock::now() - quiet).count();

  std::size_t lost = 0, agents_missing = 0;
  const auto all_delivered = [&] {
    lost = agents_missing = 0;
    for (const auto& a : s.agents) {
      if (!a.stable) continue;
      const std::size_t m = s.missing(a);
      lost += m;
      agents_missing += m > 0;
    }
    return lost == 0;
  };
  wait_for(all_delivered, 60s, 1s);  // handlers still running count as delivered late, not lost
  const double growth = anon.size() >= 2 ? (anon.back() - anon.front()) / anon.front() : 0;
  const double anon_mid = anon.empty() ? 0 : anon[anon.size() / 2];
  const bool ok = converged && lost == 0 && growth < 0.20;

  if (opt.json) {
    std::printf(
        "{\"agents\": %d, \"churners\": %d, \"minutes\": %.2f, \"loss\": %.3f, \"kills\": %d, "
        "\"leaves\": %d, \"restarts\": %d, \"events_sent\": %zu, \"send_failures\": %d, "
        "\"converged\": %s, \"converge_s\": %.1f, \"events_lost\": %zu, "
        "\"stable_agents_missing_events\": %zu, \"anon_first_mb\": %.3f, \"anon_last_mb\": %.3f, "
        "\"anon_mid_mb\": %.3f, \"anon_growth\": %.4f, \"ok\": %s}\n",
        opt.agents, opt.churners, opt.minutes, opt.loss, s.kills, s.leaves, s.restarts,
        s.sent.size(), s.send_failures, converged ? "true" : "false", converge_s, lost,
        agents_missing, anon.empty() ? 0 : anon.front(), anon.empty() ? 0 : anon.back(), anon_mid,
        growth, ok ? "true" : "false");
  } else {
    std::printf("soak: %d agents (%d churning), %.1f min, %.0f%% inbound loss\n", opt.agents,
                opt.churners, opt.minutes, opt.loss * 100);
    std::printf("churn: %d kill -9, %d graceful leaves, %d restarts\n", s.kills, s.leaves,
                s.restarts);
    std::printf("convergence after churn: %s in %.1f s\n", converged ? "yes" : "NO", converge_s);
    std::printf("user events: %zu sent (%d sends refused), %zu lost on %zu stable agents\n",
                s.sent.size(), s.send_failures, lost, agents_missing);
    std::printf(
        "anonymous memory per stable agent: %.3f MB -> %.3f (mid-run) -> %.3f MB (%+.1f%%, %zu "
        "samples)\n",
        anon.empty() ? 0 : anon.front(), anon_mid, anon.empty() ? 0 : anon.back(), growth * 100,
        anon.size());
    std::printf("%s\n", ok ? "PASS" : "FAIL");
  }
  if (ok) {
    s.agents.clear();
    fs::remove_all(s.dir);
  } else {
    std::fprintf(stderr, "soak_agents: logs kept in %s\n", s.dir.c_str());
  }
  return ok ? 0 : 1;
}
