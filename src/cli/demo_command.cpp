// `rumor demo`: a local cluster of real agents on 127.0.0.1, and a narration of what
// gossip does in it — the cluster forming, a user event spreading, a node killed and
// declared failed, the node restarting and rejoining, a query answered. Everything it
// starts is killed when it ends (Ctrl-C included; the agents also die with it).
#include "cli/demo_command.hpp"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "agent/child_process.hpp"
#include "agent/rpc_client.hpp"
#include "cli/go_flags.hpp"
#include "files/atomic_file.hpp"
#include "net/free_port.hpp"

namespace rumor::cli {

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

struct Node {
  std::string name;
  std::uint16_t gossip = 0, rpc = 0;
  std::unique_ptr<agent::ChildProcess> proc;
  std::string rpc_addr() const { return "127.0.0.1:" + std::to_string(rpc); }
};

class Demo {
 public:
  Demo(int agents, std::string self_path) : self_(std::move(self_path)) {
    dir_ = fs::temp_directory_path() / ("rumor-demo-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    // Below the ephemeral range, spread by pid: two demos at once (tests run in
    // parallel) must not both take a port the other checked free a moment before.
    auto cursor = static_cast<std::uint16_t>(17946 + (::getpid() % 300) * 40);
    for (int i = 1; i <= agents; ++i) {
      Node n;
      n.name = "node-" + std::to_string(i);
      n.gossip = net::take_loopback_port(cursor);
      n.rpc = net::take_loopback_port(cursor);
      nodes_.push_back(std::move(n));
    }
    http_port_ = net::take_loopback_port(cursor);
  }
  ~Demo() {
    nodes_.clear();  // kills every agent
    std::error_code ec;
    if (!keep_logs_) fs::remove_all(dir_, ec);
  }

  // Each step returns false when interrupted or when something did not happen in time;
  // a failure keeps the agents' logs and says where they are.
  bool run(bool stay) {
    try {
      if (!form_cluster() || !spread_event() || !kill_and_detect() || !restart_and_rejoin() ||
          !ask_query())
        return false;
    } catch (const std::exception& e) {
      failed(std::string("error: ") + e.what());
      return false;
    }
    if (!stay) return true;
    std::printf(
        "\nThe cluster keeps running. Try, in another terminal:\n"
        "  %s members -rpc-addr=%s\n  %s event -rpc-addr=%s hello world\n"
        "Press Ctrl-C to stop every agent.\n",
        self_.c_str(), nodes_[0].rpc_addr().c_str(), self_.c_str(), nodes_[1].rpc_addr().c_str());
    while (!interrupted()) std::this_thread::sleep_for(100ms);
    return true;
  }

  bool interrupted() {
    if (stop_) return true;
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    const timespec zero{0, 0};
    if (sigtimedwait(&sigs, nullptr, &zero) > 0) {
      stop_ = true;
      std::printf("\nStopping every agent.\n");
    }
    return stop_;
  }

 private:
  std::string file(const std::string& n) const { return (dir_ / n).string(); }

  // `seed`: the agent to join at start (-join: it must answer, or the agent exits).
  void start(Node& n, const Node* seed) {
    std::vector<std::string> argv = {self_, "agent", "-node=" + n.name,
                                     "-bind=127.0.0.1:" + std::to_string(n.gossip),
                                     "-rpc-addr=" + n.rpc_addr(),
                                     // lan, not local: in a handful of nodes local's
                                     // 2 retransmits leave some nodes to push/pull.
                                     "-profile=lan", "-log-level=warn", "-event-handler",
                                     "user=cat >> " + file(n.name + ".events"), "-event-handler",
                                     "query:hello=echo hello from $SERF_SELF_NAME"};
    if (seed) argv.push_back("-join=127.0.0.1:" + std::to_string(seed->gossip));
    if (&n == &nodes_[0]) argv.push_back("-http-addr=127.0.0.1:" + std::to_string(http_port_));
    n.proc = std::make_unique<agent::ChildProcess>(argv, file(n.name + ".log"));
  }

  // How many alive members `n` reports; -1 when it does not answer.
  int alive_seen_by(const Node& n) {
    try {
      agent::RpcClient c({n.rpc_addr(), "", 2s});
      int alive = 0;
      for (const auto& m : c.members()) alive += m.status == "alive";
      return alive;
    } catch (const std::exception&) {
      return -1;
    }
  }
  std::string status_of(const Node& n, const std::string& who) {
    try {
      agent::RpcClient c({n.rpc_addr(), "", 2s});
      for (const auto& m : c.members())
        if (m.name == who) return m.status;
    } catch (const std::exception&) {
    }
    return "?";
  }

  // The running agents, but `skip`.
  std::vector<Node*> running(const Node* skip = nullptr) {
    std::vector<Node*> out;
    for (auto& n : nodes_)
      if (&n != skip && n.proc) out.push_back(&n);
    return out;
  }

  // Says what failed and which agents did not get there (and which have exited), and
  // keeps the logs.
  void failed(const std::string& what, const std::vector<Node*>& missing = {}) {
    keep_logs_ = true;
    std::string names;
    for (Node* n : missing) {
      names += (names.empty() ? "" : ", ") + n->name;
      if (n->proc && n->proc->exited()) names += " (exited)";
    }
    std::printf("  FAILED: %s%s%s\n  The agents' logs are kept in %s\n", what.c_str(),
                names.empty() ? "" : "; not there: ", names.c_str(), dir_.c_str());
    std::fflush(stdout);
  }

  // Polls `there(node)` for each of `nodes` every 50 ms, drawing a progress bar, until
  // all are there or `limit` passes; then names those that are not.
  bool progress(const char* what, const std::vector<Node*>& nodes,
                const std::function<bool(Node&)>& there, std::chrono::seconds limit) {
    const auto t0 = Clock::now();
    const int total = static_cast<int>(nodes.size());
    int last = -1;
    while (!interrupted()) {
      std::vector<Node*> missing;
      for (Node* n : nodes)
        if (!there(*n)) missing.push_back(n);
      const int k = total - static_cast<int>(missing.size());
      const double s = std::chrono::duration<double>(Clock::now() - t0).count();
      const bool over = Clock::now() - t0 > limit;
      // On a terminal the bar is redrawn in place; in a log only the outcome is kept.
      const bool moved = k != last && (tty_ || k >= total);
      if (moved || (over && !tty_)) {
        std::string bar(static_cast<std::size_t>(k), '#');
        bar.resize(static_cast<std::size_t>(total), '.');
        std::printf("%s  %-34s [%s] %d/%d  %5.2f s", tty_ ? "\r" : "", what, bar.c_str(), k, total,
                    s);
        std::fflush(stdout);
        last = k;
      }
      if (k >= total) {
        std::printf("\n");
        return true;
      }
      if (over) {
        std::printf("\n");
        failed(std::string(what) + ": not all within " + std::to_string(limit.count()) + " s",
               missing);
        return false;
      }
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }

  bool form_cluster() {
    const int total = static_cast<int>(nodes_.size());
    Node& first = nodes_[0];
    std::printf("Starting %d rumor agents on 127.0.0.1 (gossip ports %u-%u).\n", total,
                first.gossip, nodes_.back().gossip);
    // The first agent answers before the others join it: a joiner that found nobody
    // listening would exit (-join) or wait out a retry interval (-retry-join).
    start(first, nullptr);
    if (!progress(
            "first agent up", {&first}, [&](Node& n) { return alive_seen_by(n) == 1; }, 10s))
      return false;
    std::printf("Dashboard (%s's view, live): http://127.0.0.1:%u/\n", first.name.c_str(),
                http_port_);
    std::printf(
        "The others start at once; each joins %s (one push/pull), and gossip tells "
        "everyone of everyone:\n",
        first.name.c_str());
    for (std::size_t i = 1; i < nodes_.size(); ++i) start(nodes_[i], &first);
    return progress(
        "agents that see all the others", running(),
        [&](Node& n) { return alive_seen_by(n) == total; }, kStepLimit);
  }

  bool spread_event() {
    std::printf(
        "\nA user event sent to %s spreads by gossip (each agent forwards it to a few "
        "random peers every 200 ms):\n",
        nodes_[0].name.c_str());
    agent::RpcClient c({nodes_[0].rpc_addr(), "", 5s});
    const std::string payload = "deploy v2\n";
    c.user_event("deploy", Bytes(payload.begin(), payload.end()), false);
    return progress(
        "handlers that ran", running(),
        [&](Node& n) {
          std::string err;  // not written yet, or not readable: not there
          return files::read_whole_file(file(n.name + ".events"), err).find("deploy v2") !=
                 std::string::npos;
        },
        kStepLimit);
  }

  Node& victim() { return nodes_[nodes_.size() / 2]; }

  bool kill_and_detect() {
    Node& v = victim();
    std::printf(
        "\nkill -9 %s: the others notice missed pings, suspect it, and declare it "
        "failed\n(Lifeguard's suspicion timeout shrinks as more members confirm):\n",
        v.name.c_str());
    v.proc->kill9();
    v.proc.reset();
    return progress(
        "agents that declared it failed", running(),
        [&](Node& n) { return status_of(n, v.name) == "failed"; }, kStepLimit);
  }

  bool restart_and_rejoin() {
    Node& v = victim();
    std::printf(
        "\n%s restarts and rejoins through %s; its alive message refutes the "
        "failure:\n",
        v.name.c_str(), nodes_[0].name.c_str());
    start(v, &nodes_[0]);
    return progress(
        "agents that see it alive again", running(&v),
        [&](Node& n) { return status_of(n, v.name) == "alive"; }, kStepLimit);
  }

  // One query 'hello' from the first agent, to `only` if not empty; adds who answered.
  void query_hello(const std::vector<std::string>& only, std::set<std::string>& answered) {
    agent::RpcClient c({nodes_[0].rpc_addr(), "", 10s});
    agent::rpc::QueryRequest q;
    q.name = "hello";
    q.request_ack = true;
    q.filter_nodes = only;
    // Each answer is a handler process; give a loaded machine time to start them.
    q.timeout_ns = std::chrono::nanoseconds(4s).count();
    agent::RpcClient::QueryHandlers h;
    h.on_response = [&](const std::string& from, const Bytes& p) {
      std::string text(p.begin(), p.end());
      while (!text.empty() && text.back() == '\n') text.pop_back();
      std::printf("  %-8s answered: %s\n", from.c_str(), text.c_str());
      std::fflush(stdout);
      answered.insert(from);
    };
    c.query(q, h);
  }

  std::vector<Node*> not_in(const std::set<std::string>& names) {
    std::vector<Node*> out;
    for (Node* n : running())
      if (!names.count(n->name)) out.push_back(n);
    return out;
  }

  bool ask_query() {
    std::printf("\nA query 'hello' from %s: every agent's handler answers it:\n",
                nodes_[0].name.c_str());
    std::set<std::string> answered;
    query_hello({}, answered);
    std::vector<Node*> missing = not_in(answered);
    if (!missing.empty()) {
      // As in Serf: a query is gossiped with a few retransmissions (4 each in a cluster
      // under 10 members), which now and then miss a member, and unlike member state
      // nothing repairs it. Ask those again, by name.
      std::string names;
      for (Node* n : missing) names += (names.empty() ? "" : ", ") + n->name;
      std::printf(
          "  No answer from %s: the query's gossip missed it (each agent retransmits a query "
          "only a few times,\n  and nothing repairs a query as push/pull repairs member "
          "state). Asking again, by name:\n",
          names.c_str());
      std::vector<std::string> only;
      for (Node* n : missing) only.push_back(n->name);
      query_hello(only, answered);
      missing = not_in(answered);
    }
    std::printf("  %zu of %zu answered.\n", answered.size(), nodes_.size());
    if (missing.empty()) return true;
    failed("query 'hello': not every agent answered", missing);
    return false;
  }

  // What each step may take before the demo gives up on it; they take well under a few
  // seconds on a quiet machine (docs: the README's demo).
  static constexpr std::chrono::seconds kStepLimit{20};

  std::string self_;
  fs::path dir_;
  std::vector<Node> nodes_;
  std::uint16_t http_port_ = 0;
  bool stop_ = false;
  bool keep_logs_ = false;  // something failed: the agents' logs stay for a look
  bool tty_ = ::isatty(STDOUT_FILENO) != 0;
};

}  // namespace

int run_demo(int argc, char** argv) {
  // Ten, not eight: memberlist (and rumor) send each broadcast retransmit_mult x
  // ceil(log10(n + 1)) times per member, 4 under ten members and 8 from ten on; with 4,
  // about one broadcast in twenty misses a member of eight (serf's own queries too),
  // and a step of the narration then waits for push/pull to repair it.
  int agents = 10;
  bool exit_after = !::isatty(STDIN_FILENO);
  GoFlags flags;
  flags.value("agents", "number of agents (default 10)", [&](const std::string& v) -> std::string {
    try {
      agents = std::stoi(v);
    } catch (const std::exception&) {
      agents = 0;
    }
    if (agents < 3 || agents > 64) return "-agents: a number from 3 to 64, not '" + v + "'";
    return {};
  });
  flags.boolean("exit", "stop after the narration (default when stdin is not a terminal)",
                exit_after);
  if (auto err = flags.parse(argc, argv); !err.empty()) {
    std::fprintf(stderr, "rumor demo: %s\n", err.c_str());
    return 2;
  }
  if (flags.help_requested()) {
    std::printf("Usage: rumor demo [options]\n\n%s", flags.usage().c_str());
    return 0;
  }
  // Ctrl-C is taken synchronously (Demo::interrupted), so the agents are always killed
  // by the destructors rather than left behind.
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, nullptr);
  // The agents are this same binary.
  const std::string bin = fs::canonical("/proc/self/exe").string();
  try {
    Demo demo(agents, bin);
    const bool ok = demo.run(!exit_after);
    if (demo.interrupted()) return 0;
    return ok ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rumor demo: %s\n", e.what());
    return 1;
  }
}

}  // namespace rumor::cli
