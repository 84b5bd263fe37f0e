// The rumor command's client subcommands, run as processes against real agents on
// loopback: two (or three) `rumor agent`s, and one real `serf agent` to show the client
// speaks Serf's RPC as Serf itself does. Every wait polls with a deadline.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "agent/child_process.hpp"
#include "agent/process.hpp"
#include "cli/built_binary.hpp"
#include "codec/base64.hpp"
#include "net/free_port.hpp"

using namespace std::chrono_literals;
using rumor::agent::ChildProcess;
using rumor::agent::ProcessSpec;
using rumor::agent::run_process;
using Json = nlohmann::json;

namespace {

const std::string kRumor = ::rumor::cli::built_binary();
const std::string kSerf = "/usr/bin/serf";

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(100ms);
  }
  return pred();
}

struct Outcome {
  int exit = -1;
  std::string out, err;
  double seconds = 0;
};

// A scratch directory and free loopback ports for one test.
class Scratch {
 public:
  Scratch() {
    static int n = 0;
    dir_ = std::filesystem::temp_directory_path() /
           ("rumor-cli-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    // Below the ephemeral range, spread by pid (away from the interop tests' range).
    next_port_ = static_cast<std::uint16_t>(20000 + (::getpid() % 400) * 30);
  }
  ~Scratch() { std::filesystem::remove_all(dir_); }
  std::filesystem::path file(const std::string& name) const { return dir_ / name; }
  int port() { return rumor::net::take_loopback_port(next_port_); }

  // Runs `rumor <args>`; stdout and stderr apart.
  Outcome rumor(const std::vector<std::string>& args, std::chrono::milliseconds timeout = 20s) {
    std::string cmd = quote(kRumor);
    for (const auto& a : args) {
      cmd += ' ';
      cmd += quote(a);
    }
    const auto err_path = file("stderr-" + std::to_string(runs_++));
    cmd += " 2>" + quote(err_path.string());
    const auto start = std::chrono::steady_clock::now();
    const auto r = run_process(ProcessSpec{cmd, {}, "", 1 << 20, timeout});
    Outcome out;
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    out.exit = r.exit_code;
    out.out = r.output;
    out.err = read_file(err_path);
    return out;
  }

 private:
  std::filesystem::path dir_;
  std::uint16_t next_port_ = 0;
  int runs_ = 0;
};

std::string describe(const Outcome& r) {
  return "exit " + std::to_string(r.exit) + "\nstdout:\n" + r.out + "\nstderr:\n" + r.err;
}

struct Agent {
  explicit Agent(std::string n) : name(std::move(n)) {}
  std::string name;
  int gossip = 0, rpc = 0;
  std::unique_ptr<ChildProcess> proc;
  std::string rpc_flag() const { return "-rpc-addr=127.0.0.1:" + std::to_string(rpc); }
  std::string gossip_addr() const { return "127.0.0.1:" + std::to_string(gossip); }
};

// Starts an agent (rumor's, or serf's when `bin` is kSerf) with handlers writing to files.
void start_agent(Scratch& s, Agent& a, const std::string& bin, const std::string& tag,
                 const std::string& join) {
  a.gossip = s.port();
  a.rpc = s.port();
  std::vector<std::string> argv = {bin,
                                   "agent",
                                   "-node=" + a.name,
                                   "-bind=" + a.gossip_addr(),
                                   a.rpc_flag(),
                                   "-tag",
                                   tag,
                                   "-event-handler",
                                   "user=cat >> " + s.file(a.name + ".user").string(),
                                   "-event-handler",
                                   "query:who=echo " + a.name};
  if (bin != kSerf) argv.push_back("-profile=local");
  if (!join.empty()) argv.push_back("-join=" + join);
  a.proc = std::make_unique<ChildProcess>(argv, s.file(a.name + ".log").string());
}

// `rumor members -format=json` as name -> member object; empty on any failure.
std::map<std::string, Json> members(Scratch& s, const Agent& via) {
  std::map<std::string, Json> out;
  const Outcome r = s.rumor({"members", "-format=json", via.rpc_flag()});
  if (r.exit != 0) return out;
  try {
    const Json j = Json::parse(r.out);
    if (j.at("members").is_null()) return out;
    for (const auto& m : j.at("members")) out[m.at("name").get<std::string>()] = m;
  } catch (const std::exception&) {
    out.clear();
  }
  return out;
}

bool sees(Scratch& s, const Agent& via, const std::string& name, const std::string& status) {
  const auto view = members(s, via);
  const auto it = view.find(name);
  if (status.empty()) return it == view.end();
  return it != view.end() && it->second.at("status") == status;
}

// Two rumor agents: r1 (role=web) and r2 (role=db) joined to it.
class RumorPair : public ::testing::Test {
 protected:
  void SetUp() override {
    start_agent(s_, r1_, kRumor, "role=web", "");
    ASSERT_TRUE(eventually([&] { return sees(s_, r1_, "r1", "alive"); }, 10s)) << log("r1");
    start_agent(s_, r2_, kRumor, "role=db", r1_.gossip_addr());
    ASSERT_TRUE(eventually([&] { return sees(s_, r1_, "r2", "alive"); }, 10s)) << log("r2");
  }
  std::string log(const std::string& name) const { return read_file(s_.file(name + ".log")); }

  Scratch s_;
  Agent r1_{"r1"}, r2_{"r2"};
};

TEST_F(RumorPair, MembersListsBothAliveWithTagsAsTextAndJson) {
  const Outcome text = s_.rumor({"members", r1_.rpc_flag()});
  ASSERT_EQ(text.exit, 0) << describe(text);
  std::istringstream lines(text.out);
  std::map<std::string, std::string> by_name;
  for (std::string line; std::getline(lines, line);) by_name[line.substr(0, 2)] = line;
  ASSERT_EQ(by_name.size(), 2u) << text.out;
  EXPECT_NE(by_name["r1"].find(r1_.gossip_addr() + "  alive  role=web"), std::string::npos)
      << text.out;
  EXPECT_NE(by_name["r2"].find(r2_.gossip_addr() + "  alive  role=db"), std::string::npos)
      << text.out;

  const Outcome detailed = s_.rumor({"members", "-detailed", r1_.rpc_flag()});
  EXPECT_NE(detailed.out.find("Protocol Version: 5  Available Protocol Range: [2, 5]"),
            std::string::npos)
      << detailed.out;

  const Outcome json = s_.rumor({"members", "-format=json", r2_.rpc_flag()});
  ASSERT_EQ(json.exit, 0) << describe(json);
  const Json j = Json::parse(json.out);
  ASSERT_EQ(j.at("members").size(), 2u);
  for (const auto& m : j.at("members")) {
    const Agent& a = m.at("name") == "r1" ? r1_ : r2_;
    EXPECT_EQ(m.at("addr"), a.gossip_addr());
    EXPECT_EQ(m.at("port"), a.gossip);
    EXPECT_EQ(m.at("status"), "alive");
    EXPECT_EQ(m.at("tags").at("role"), a.name == "r1" ? "web" : "db");
    EXPECT_EQ(m.at("protocol").at("version"), 5);
  }
}

TEST_F(RumorPair, MembersFiltersByStatusNameAndTag) {
  const auto names = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"members", "-format=json", r1_.rpc_flag()});
    const Outcome r = s_.rumor(args);
    EXPECT_EQ(r.exit, 0) << describe(r);
    std::string out;
    const Json j = Json::parse(r.out);
    if (!j.at("members").is_null())
      for (const auto& m : j.at("members")) out += m.at("name").get<std::string>() + " ";
    return out;
  };
  EXPECT_EQ(names({"-name", "r1"}), "r1 ");
  EXPECT_EQ(names({"-name=r.*", "-status=alive"}).size(), 6u);
  EXPECT_EQ(names({"-tag", "role=db"}), "r2 ");
  EXPECT_EQ(names({"-tag", "role=w.b"}), "r1 ");
  EXPECT_EQ(names({"-role=db"}), "r2 ");
  EXPECT_EQ(names({"-status=left"}), "");
  EXPECT_EQ(names({"-tag", "role=none"}), "");
}

TEST_F(RumorPair, EventReachesTheOtherAgentsHandler) {
  const Outcome r = s_.rumor({"event", r1_.rpc_flag(), "deploy", "payload-42"});
  ASSERT_EQ(r.exit, 0) << describe(r);
  EXPECT_EQ(r.out, "Event 'deploy' dispatched! Coalescing enabled: true\n");
  EXPECT_TRUE(eventually(
      [&] { return read_file(s_.file("r2.user")).find("payload-42") != std::string::npos; }, 10s))
      << read_file(s_.file("r2.user"));
  const Outcome r2 = s_.rumor({"event", "-coalesce=false", r2_.rpc_flag(), "second"});
  EXPECT_EQ(r2.out, "Event 'second' dispatched! Coalescing enabled: false\n");
}

TEST_F(RumorPair, QueryGetsEveryAnswer) {
  const Outcome json = s_.rumor({"query", "-format", "json", "-timeout=2s", r1_.rpc_flag(), "who"});
  ASSERT_EQ(json.exit, 0) << describe(json);
  const Json j = Json::parse(json.out);
  EXPECT_EQ(j.at("Acks").size(), 2u) << json.out;
  EXPECT_EQ(j.at("Responses").at("r1"), "r1\n");
  EXPECT_EQ(j.at("Responses").at("r2"), "r2\n");

  const Outcome text = s_.rumor({"query", "-node=r2", "-timeout=1s", r1_.rpc_flag(), "who", "x"});
  ASSERT_EQ(text.exit, 0) << describe(text);
  EXPECT_EQ(text.out,
            "Query 'who' dispatched\nAck from 'r2'\nResponse from 'r2': r2\nTotal Acks: 1\n"
            "Total Responses: 1\n");

  const Outcome tagged =
      s_.rumor({"query", "-no-ack", "-tag", "role=web", "-timeout=1s", r2_.rpc_flag(), "who"});
  EXPECT_EQ(tagged.out, "Query 'who' dispatched\nResponse from 'r1': r1\nTotal Responses: 1\n")
      << describe(tagged);
}

TEST_F(RumorPair, TagsSetAndDeleteShowUpInMembers) {
  const Outcome r = s_.rumor({"tags", r2_.rpc_flag(), "-set", "color=blue", "-delete", "role"});
  ASSERT_EQ(r.exit, 0) << describe(r);
  EXPECT_EQ(r.out, "Successfully updated agent tags\n");
  EXPECT_TRUE(eventually(
      [&] {
        const auto view = members(s_, r1_);
        if (!view.count("r2")) return false;
        const Json& tags = view.at("r2").at("tags");
        return tags.contains("color") && tags.at("color") == "blue" && !tags.contains("role");
      },
      10s));
}

TEST_F(RumorPair, InfoHasTheAgentsSections) {
  const Outcome text = s_.rumor({"info", r1_.rpc_flag()});
  ASSERT_EQ(text.exit, 0) << describe(text);
  for (const char* section : {"agent:\n\tname = r1\n", "runtime:\n", "serf:\n", "tags:\n"})
    EXPECT_NE(text.out.find(section), std::string::npos) << section << " in\n" << text.out;
  const Outcome json = s_.rumor({"info", "-format=json", r1_.rpc_flag()});
  ASSERT_EQ(json.exit, 0) << describe(json);
  const Json j = Json::parse(json.out);
  EXPECT_EQ(j.at("agent").at("name"), "r1");
  EXPECT_EQ(j.at("serf").at("members"), "2");
  EXPECT_EQ(j.at("tags").at("role"), "web");
}

TEST_F(RumorPair, JoinLeaveAndForceLeaveChangeTheMemberList) {
  Agent r3{"r3"};
  start_agent(s_, r3, kRumor, "role=spare", "");
  ASSERT_TRUE(eventually([&] { return sees(s_, r3, "r3", "alive"); }, 10s));
  const Outcome join = s_.rumor({"join", r3.rpc_flag(), r1_.gossip_addr()});
  ASSERT_EQ(join.exit, 0) << describe(join);
  EXPECT_EQ(join.out, "Successfully joined cluster by contacting 1 nodes.\n");
  EXPECT_TRUE(eventually([&] { return sees(s_, r1_, "r3", "alive"); }, 10s));

  const Outcome leave = s_.rumor({"leave", r3.rpc_flag()});
  ASSERT_EQ(leave.exit, 0) << describe(leave);
  EXPECT_EQ(leave.out, "Graceful leave complete\n");
  EXPECT_TRUE(eventually([&] { return r3.proc->exited(); }, 10s));
  EXPECT_TRUE(eventually([&] { return sees(s_, r1_, "r3", "left"); }, 10s));

  const Outcome prune = s_.rumor({"force-leave", "-prune", r1_.rpc_flag(), "r3"});
  ASSERT_EQ(prune.exit, 0) << describe(prune);
  EXPECT_TRUE(eventually([&] { return sees(s_, r1_, "r3", ""); }, 10s));

  const Outcome unknown = s_.rumor({"force-leave", r1_.rpc_flag(), "nobody"});
  EXPECT_EQ(unknown.exit, 1);
  EXPECT_EQ(unknown.out, "Node 'nobody' not found in cluster\n");

  const Outcome bad_join = s_.rumor({"join", r1_.rpc_flag(), "127.0.0.1:1"});
  EXPECT_EQ(bad_join.exit, 1) << describe(bad_join);
  EXPECT_EQ(bad_join.out.rfind("Error joining the cluster: ", 0), 0u) << describe(bad_join);
}

TEST_F(RumorPair, ForceLeaveMarksAFailedMemberLeft) {
  r2_.proc->kill9();
  ASSERT_TRUE(eventually([&] { return sees(s_, r1_, "r2", "failed"); }, 20s))
      << s_.rumor({"members", r1_.rpc_flag()}).out;
  const Outcome r = s_.rumor({"force-leave", r1_.rpc_flag(), "r2"});
  ASSERT_EQ(r.exit, 0) << describe(r);
  EXPECT_TRUE(eventually([&] { return sees(s_, r1_, "r2", "left"); }, 10s));
}

TEST_F(RumorPair, ReachabilityKeysRttAndMonitor) {
  const Outcome reach = s_.rumor({"reachability", r1_.rpc_flag()});
  EXPECT_EQ(reach.exit, 0) << describe(reach);
  EXPECT_EQ(reach.out,
            "Total members: 2, live members: 2\nStarting reachability test...\n"
            "Successfully contacted all live nodes\n");

  // Without encryption there is no keyring: the agent's answer (its own, or each
  // member's) is shown, exit 1.
  const Outcome keys = s_.rumor({"keys", "-list", r1_.rpc_flag()});
  EXPECT_EQ(keys.exit, 1);
  EXPECT_NE(keys.out.find("Failed to gather member keys: "), std::string::npos) << describe(keys);
  EXPECT_NE(keys.out.find("encryption"), std::string::npos) << describe(keys);
  const Outcome install = s_.rumor({"keys", r1_.rpc_flag(), "-install", "aGVsbG8="});
  EXPECT_EQ(install.exit, 1);
  EXPECT_NE(install.out.find("Error installing key: "), std::string::npos) << describe(install);
  EXPECT_NE(install.out.find("encryption"), std::string::npos) << describe(install);
  // A node the agent holds no coordinate for (tests/interop/rtt_test.cpp has the rest).
  const Outcome rtt = s_.rumor({"rtt", r1_.rpc_flag(), "nobody"});
  EXPECT_EQ(rtt.exit, 1);
  EXPECT_EQ(rtt.out, "Could not find a coordinate for node \"nobody\"\n");

  // The monitor streams the agent's log until interrupted.
  const auto mon_out = s_.file("monitor.out");
  ChildProcess mon({kRumor, "monitor", "-log-level=debug", r1_.rpc_flag()}, mon_out.string());
  bool seen = eventually(
      [&] {
        // Log lines come as the cluster works; an event makes some at once.
        s_.rumor({"event", r2_.rpc_flag(), "poke"});
        return read_file(mon_out).find("poke") != std::string::npos;
      },
      10s);
  EXPECT_TRUE(seen) << read_file(mon_out);
  ASSERT_TRUE(mon.interrupt());
  EXPECT_TRUE(eventually([&] { return mon.exited(); }, 5s));
}

TEST(CliUsage, BadUsageExitsTwoWithTheProblemNamed) {
  Scratch s;
  // Where Serf writes each complaint: Go's flag package to stderr, the rest to stdout.
  enum Stream { out, err };
  struct Case {
    std::vector<std::string> args;
    std::string message;
    Stream stream;
  };
  const std::vector<Case> cases = {
      {{"members", "-bogus"}, "unknown flag -bogus", err},
      {{"members", "-format=xml"}, "invalid output format 'xml'", out},
      {{"members", "extra"}, "members takes no arguments", out},
      {{"members", "-tag", "novalue"}, "invalid tag 'novalue'", out},
      {{"event"}, "an event name must be specified", out},
      {{"event", "a", "b", "c"}, "too many arguments", out},
      {{"query"}, "a query name must be specified", out},
      {{"query", "-timeout=soon", "q"}, "-timeout: invalid duration 'soon'", err},
      {{"query", "-relay-factor=300", "q"}, "-relay-factor: must be between 0 and 255", out},
      {{"join"}, "at least one address", out},
      {{"force-leave"}, "a node name must be specified", out},
      {{"tags"}, "nothing to do", out},
      {{"keys"}, "exactly one of -install, -use, -remove or -list", out},
      {{"keys", "-list", "-install=x"}, "exactly one of", out},
      {{"monitor", "-log-level=loud"}, "unknown level 'LOUD'", out},
      {{"rtt"}, "one or two node names", out},
      {{"info", "-rpc-addr"}, "-rpc-addr: needs a value", err},
      {{"keygen", "x"}, "keygen takes no arguments", out},
  };
  for (const auto& c : cases) {
    const Outcome r = s.rumor(c.args);
    EXPECT_EQ(r.exit, 2) << c.args[0] << ": " << describe(r);
    const std::string& where = c.stream == out ? r.out : r.err;
    EXPECT_NE(where.find(c.message), std::string::npos) << c.args[0] << ": " << describe(r);
    if (c.stream == err)  // and the usage on stdout, as Serf prints it
      EXPECT_NE(r.out.find("Usage: rumor " + c.args[0]), std::string::npos) << describe(r);
    else
      EXPECT_EQ(r.err, "") << c.args[0] << ": " << describe(r);
  }
  const Outcome help = s.rumor({"members", "-h"});
  EXPECT_EQ(help.exit, 0);
  EXPECT_NE(help.out.find("Usage: rumor members"), std::string::npos);
  EXPECT_NE(help.out.find("-rpc-addr"), std::string::npos);
}

// The top-level help names every command, `help` is one, and a word that is not a
// command says so and lists the ones there are.
TEST(CliUsage, HelpListsEveryCommandAndAnUnknownOneIsNamed) {
  Scratch s;
  const Outcome help = s.rumor({"--help"});
  EXPECT_EQ(help.exit, 0) << describe(help);
  for (const char* cmd : {"agent", "demo", "sim", "members", "query", "keygen"})
    EXPECT_NE(help.out.find(std::string("  ") + cmd + " "), std::string::npos) << cmd << "\n"
                                                                               << help.out;
  const Outcome word = s.rumor({"help"});
  EXPECT_EQ(word.exit, 0) << describe(word);
  EXPECT_EQ(word.out, help.out);
  const Outcome members = s.rumor({"help", "members"});
  EXPECT_EQ(members.exit, 0) << describe(members);
  EXPECT_NE(members.out.find("Usage: rumor members"), std::string::npos) << members.out;
  const Outcome agent = s.rumor({"help", "agent"});
  EXPECT_NE(agent.out.find("Usage: rumor agent"), std::string::npos) << describe(agent);

  const Outcome bogus = s.rumor({"bogus"});
  EXPECT_EQ(bogus.exit, 2) << describe(bogus);
  EXPECT_NE(bogus.err.find("unknown command 'bogus'"), std::string::npos) << describe(bogus);
  EXPECT_NE(bogus.err.find("  agent "), std::string::npos) << "and the commands there are";

  const Outcome sim = s.rumor({"sim", "--help"});
  EXPECT_EQ(sim.exit, 0) << describe(sim);
  EXPECT_NE(sim.out.find("rumor sim serve"), std::string::npos) << sim.out;
}

TEST(CliUsage, AnUnreachableAgentExitsOneQuicklyNamingTheAddress) {
  Scratch s;
  const std::string addr = "127.0.0.1:" + std::to_string(s.port());  // free: nobody listens
  for (const char* cmd : {"members", "info", "leave"}) {
    const Outcome r = s.rumor({cmd, "-rpc-addr=" + addr});
    EXPECT_EQ(r.exit, 1) << describe(r);
    EXPECT_NE(r.out.find("Error connecting to the agent"), std::string::npos) << describe(r);
    EXPECT_NE(r.out.find(addr), std::string::npos) << describe(r);
    EXPECT_LT(r.seconds, 3.0);
  }
  // The address can come from the environment, as serf's SERF_RPC_ADDR.
  const auto env = run_process(ProcessSpec{
      "SERF_RPC_ADDR=" + addr + " " + quote(kRumor) + " members", {}, "", 1 << 16, 10s});
  EXPECT_EQ(env.exit_code, 1);
  EXPECT_NE(env.output.find(addr), std::string::npos) << env.output;
}

// Scripts written for `serf` parse its stdout and often drop stderr: rumor must put each
// message on the stream the real serf binary puts it on (serf is the reference here).
TEST(CliAgainstSerf, ErrorsGoToTheSameStreamsAsTheRealSerfBinarysDo) {
  if (!std::filesystem::exists(kSerf)) GTEST_SKIP() << "Debian's serf package is not installed";
  Scratch s;
  const std::string rpc = "-rpc-addr=127.0.0.1:" + std::to_string(s.port());  // nobody there
  const std::vector<std::vector<std::string>> cases = {
      {"members", rpc}, {"keys", "-list", rpc}, {"info", rpc}, {"event", rpc, "x"},   {"event"},
      {"join"},         {"force-leave"},        {"query"},     {"members", "-bogus"}, {"tags"},
      {"keys"},
  };
  for (const auto& args : cases) {
    std::string cmd = quote(kSerf);
    for (const auto& a : args) cmd += " " + quote(a);
    const auto err_path = s.file("serf-stderr");
    const auto serf =
        run_process(ProcessSpec{cmd + " 2>" + quote(err_path.string()), {}, "", 1 << 16, 10s});
    const std::string serf_err = read_file(err_path);
    const Outcome r = s.rumor(args);
    std::string line;
    for (const auto& a : args) line += " " + a;
    EXPECT_EQ(r.out.empty(), serf.output.empty()) << line << "\nserf stdout:\n"
                                                  << serf.output << "\nrumor: " << describe(r);
    EXPECT_EQ(r.err.empty(), serf_err.empty()) << line << "\nserf stderr:\n"
                                               << serf_err << "\nrumor: " << describe(r);
    EXPECT_NE(r.exit, 0) << line;
    EXPECT_NE(serf.exit_code, 0) << line;
  }
}

TEST(CliUsage, KeygenPrintsFreshBase64Keys) {
  Scratch s;
  const Outcome a = s.rumor({"keygen"}), b = s.rumor({"keygen"});
  ASSERT_EQ(a.exit, 0) << describe(a);
  ASSERT_EQ(a.out.size(), 45u) << a.out;  // 44 characters and a newline
  const auto key = rumor::codec::base64_decode(a.out.substr(0, 44));
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->size(), 32u);
  EXPECT_NE(a.out, b.out);
  const Outcome v = s.rumor({"version"});
  EXPECT_EQ(v.exit, 0);
  EXPECT_EQ(v.out.rfind("rumor v", 0), 0u) << v.out;
  EXPECT_NE(v.out.find("Agent Protocol: 5 (Understands back to: 2)"), std::string::npos);
}

// The same client against Debian's real serf agent (with one rumor agent joined to it):
// the RPC protocol and its answers are Serf's own.
TEST(CliAgainstSerf, EveryCommandWorksWithARealSerfAgent) {
  if (!std::filesystem::exists(kSerf)) GTEST_SKIP() << "Debian's serf package is not installed";
  Scratch s;
  Agent s1{"s1"}, r1{"r1"};
  start_agent(s, s1, kSerf, "role=serf", "");
  ASSERT_TRUE(eventually([&] { return sees(s, s1, "s1", "alive"); }, 15s))
      << read_file(s.file("s1.log"));
  start_agent(s, r1, kRumor, "role=rumor", s1.gossip_addr());
  ASSERT_TRUE(eventually([&] { return sees(s, s1, "r1", "alive"); }, 15s))
      << read_file(s.file("r1.log"));

  const auto view = members(s, s1);
  EXPECT_EQ(view.at("s1").at("addr"), s1.gossip_addr());
  EXPECT_EQ(view.at("s1").at("tags").at("role"), "serf");
  EXPECT_EQ(view.at("r1").at("tags").at("role"), "rumor");
  const Outcome filtered = s.rumor({"members", s1.rpc_flag(), "-tag", "role=rumor"});
  EXPECT_EQ(filtered.out.substr(0, 4), "r1  ") << describe(filtered);

  const Outcome query = s.rumor({"query", "-format=json", "-timeout=2s", s1.rpc_flag(), "who"});
  ASSERT_EQ(query.exit, 0) << describe(query);
  const Json q = Json::parse(query.out);
  EXPECT_EQ(q.at("Responses").at("s1"), "s1\n");
  EXPECT_EQ(q.at("Responses").at("r1"), "r1\n");

  ASSERT_EQ(s.rumor({"event", s1.rpc_flag(), "hello", "from-serf-side"}).exit, 0);
  EXPECT_TRUE(eventually(
      [&] { return read_file(s.file("r1.user")).find("from-serf-side") != std::string::npos; },
      10s));

  ASSERT_EQ(s.rumor({"tags", s1.rpc_flag(), "-set", "zone=a"}).exit, 0);
  EXPECT_TRUE(eventually(
      [&] {
        const auto v = members(s, r1);
        return v.count("s1") && v.at("s1").at("tags").contains("zone");
      },
      10s));

  const Outcome info = s.rumor({"info", "-format=json", s1.rpc_flag()});
  ASSERT_EQ(info.exit, 0) << describe(info);
  EXPECT_EQ(Json::parse(info.out).at("agent").at("name"), "s1");

  // Serf keeps network coordinates: rtt works against it.
  const Outcome rtt = s.rumor({"rtt", s1.rpc_flag(), "s1"});
  EXPECT_EQ(rtt.exit, 0) << describe(rtt);
  EXPECT_EQ(rtt.out.rfind("Estimated s1 <-> s1 rtt: ", 0), 0u) << rtt.out;

  const Outcome keys = s.rumor({"keys", "-list", s1.rpc_flag()});
  EXPECT_EQ(keys.exit, 1);
  EXPECT_NE(keys.out.find("Failed to gather member keys"), std::string::npos) << describe(keys);

  const Outcome reach = s.rumor({"reachability", s1.rpc_flag()});
  EXPECT_EQ(reach.exit, 0) << describe(reach);

  const Outcome leave = s.rumor({"leave", r1.rpc_flag()});
  ASSERT_EQ(leave.exit, 0) << describe(leave);
  EXPECT_TRUE(eventually([&] { return sees(s, s1, "r1", "left"); }, 10s));
  const Outcome prune = s.rumor({"force-leave", "-prune", s1.rpc_flag(), "r1"});
  EXPECT_EQ(prune.exit, 0) << describe(prune);
  const Outcome serf_leave = s.rumor({"leave", s1.rpc_flag()});
  EXPECT_EQ(serf_leave.exit, 0) << describe(serf_leave);
  EXPECT_TRUE(eventually([&] { return s1.proc->exited(); }, 10s));
}

}  // namespace
