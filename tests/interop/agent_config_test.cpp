// `rumor agent` as an operator runs it: config files merged with flags, errors that
// stop it before anything starts, -dev, SIGHUP reloads, and a tags file kept in step.
// Real processes on loopback, checked through the real `serf` command line.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "agent/child_process.hpp"
#include "agent/process.hpp"
#include "cli/built_binary.hpp"
#include "net/free_port.hpp"
#include "process_support.hpp"

namespace {

using namespace std::chrono_literals;
using rumor::agent::ChildProcess;
using rumor::testing::eventually;
using rumor::testing::sh;
namespace fs = std::filesystem;
const std::string kRumor = rumor::cli::built_binary();

class AgentConfig : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("rumor-agent-config-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    port_ = static_cast<std::uint16_t>(12000 + (::getpid() % 400) * 40);
    gossip_ = rumor::net::take_loopback_port(port_);
    rpc_ = rumor::net::take_loopback_port(port_);
  }
  void TearDown() override {
    agent_.reset();
    if (!HasFailure()) fs::remove_all(dir_);
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name) << text;
  }
  std::string bind_flag() const { return "-bind=127.0.0.1:" + std::to_string(gossip_); }
  std::string rpc_flag() const { return "-rpc-addr=127.0.0.1:" + std::to_string(rpc_); }
  void start(std::vector<std::string> args) {
    args.insert(args.begin(), {kRumor, "agent"});
    agent_ = std::make_unique<ChildProcess>(args, path("agent.log"));
  }
  // The one member the agent reports (name and tags), once its RPC answers.
  nlohmann::json self() const {
    const auto r = sh("/usr/bin/serf members -format=json " + rpc_flag());
    if (!r.ok()) return {};
    const auto j = nlohmann::json::parse(r.output, nullptr, false);
    if (j.is_discarded() || !j.contains("members") || j["members"].empty()) return {};
    return j["members"][0];
  }
  std::string log() const {
    std::ifstream in(path("agent.log"));
    return {std::istreambuf_iterator<char>(in), {}};
  }

  fs::path dir_;
  std::uint16_t port_ = 0, gossip_ = 0, rpc_ = 0;
  std::unique_ptr<ChildProcess> agent_;
};

TEST_F(AgentConfig, BadKeyInAFileStopsTheAgentWithStatus2NamingFileAndKey) {
  write("bad.json", R"({"node_name": "a", "retry_max": "three"})");
  const auto r =
      sh(kRumor + " agent -config-file " + path("bad.json") + " " + bind_flag() + " " + rpc_flag());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find(path("bad.json") + ": key 'retry_max'"), std::string::npos) << r.output;
  EXPECT_TRUE(rumor::net::loopback_port_free(gossip_)) << "nothing was started";
}

TEST_F(AgentConfig, UnknownKeyStopsTheAgentWithStatus2) {
  write("bad.json", R"({"nod_name": "a"})");
  const auto r = sh(kRumor + " agent -config-file " + path("bad.json"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("unknown key 'nod_name'"), std::string::npos) << r.output;
}

TEST_F(AgentConfig, FlagsWinOverFilesAndFilesOverDevDefaults) {
  fs::create_directories(dir_ / "conf.d");
  write("conf.d/a.json", R"({"node_name": "from-file", "tags": {"role": "file", "dc": "d1"}})");
  start({"-dev", "-config-dir", path("conf.d"), "-node=from-flag", "-tag", "role=flag", bind_flag(),
         rpc_flag()});
  ASSERT_TRUE(eventually([&] { return !self().is_null(); }, 20s)) << log();
  const auto me = self();
  EXPECT_EQ(me["name"], "from-flag");
  EXPECT_EQ(me["tags"]["role"], "flag");
  EXPECT_EQ(me["tags"]["dc"], "d1");
  // -dev logs at debug level: sending an event writes a debug line.
  ASSERT_TRUE(sh("/usr/bin/serf event " + rpc_flag() + " ping").ok());
  EXPECT_TRUE(eventually([&] { return log().find("[DEBUG]") != std::string::npos; }, 10s)) << log();
}

TEST_F(AgentConfig, SighupReloadsTagsAndLogLevel) {
  write("a.json", R"({"node_name": "n", "tags": {"v": "1"}, "log_level": "info"})");
  start({"-config-file", path("a.json"), bind_flag(), rpc_flag()});
  ASSERT_TRUE(eventually([&] { return self()["tags"]["v"] == "1"; }, 20s)) << log();
  write("a.json", R"({"node_name": "n", "tags": {"v": "2", "new": "x"}, "log_level": "debug"})");
  ::kill(agent_->pid(), SIGHUP);
  EXPECT_TRUE(eventually(
      [&] {
        const auto me = self();
        return me["tags"]["v"] == "2" && me["tags"]["new"] == "x";
      },
      20s))
      << log();
  EXPECT_NE(log().find("reloading configuration"), std::string::npos);
}

TEST_F(AgentConfig, SighupWithABrokenFileKeepsTheRunningConfig) {
  write("a.json", R"({"node_name": "n", "tags": {"v": "1"}})");
  start({"-config-file", path("a.json"), bind_flag(), rpc_flag()});
  ASSERT_TRUE(eventually([&] { return self()["tags"]["v"] == "1"; }, 20s)) << log();
  write("a.json", R"({"node_name": "n", "tags": {"v": 2}})");
  ::kill(agent_->pid(), SIGHUP);
  EXPECT_TRUE(eventually([&] { return log().find("reload failed") != std::string::npos; }, 10s))
      << log();
  EXPECT_EQ(self()["tags"]["v"], "1");
  EXPECT_FALSE(agent_->exited());
}

TEST_F(AgentConfig, HttpApiServesMembersStatsAndMetricsWhenEnabled) {
  const std::uint16_t http = rumor::net::take_loopback_port(port_);
  const std::string base = "http://127.0.0.1:" + std::to_string(http);
  start({"-node=web", "-tag", "role=api", bind_flag(), rpc_flag(),
         "-http-addr=127.0.0.1:" + std::to_string(http)});
  ASSERT_TRUE(eventually([&] { return sh("curl -sf " + base + "/v1/members").ok(); }, 20s))
      << log();
  const auto members =
      nlohmann::json::parse(sh("curl -sf " + base + "/v1/members").output, nullptr, false);
  ASSERT_FALSE(members.is_discarded());
  EXPECT_NE(members.dump().find("\"web\""), std::string::npos) << members.dump();
  EXPECT_NE(members.dump().find("\"api\""), std::string::npos);
  const auto metrics = sh("curl -sf " + base + "/metrics");
  ASSERT_TRUE(metrics.ok());
  EXPECT_NE(metrics.output.find("# TYPE rumor_"), std::string::npos) << metrics.output;
  EXPECT_TRUE(sh("curl -sf " + base + "/").ok()) << "the dashboard page";
  // The CLI mounts the web simulator beside the API (the agent library does not link it).
  const auto sim = sh("curl -sf -X POST '" + base + "/sim/api/sessions?engine=lab&nodes=20'");
  ASSERT_TRUE(sim.ok()) << sim.output;
  EXPECT_NE(sim.output.find("\"engine\":\"lab\""), std::string::npos) << sim.output;
}

TEST_F(AgentConfig, HttpApiOffLoopbackWithoutATokenStopsTheAgent) {
  const auto r =
      sh(kRumor + " agent -node=n " + bind_flag() + " " + rpc_flag() + " -http-addr=0.0.0.0:0");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("-http-addr: 0.0.0.0:0"), std::string::npos) << r.output;
}

// A bad value given as a flag is reported under the flag's name; the same value from a
// config file under the file's key.
TEST_F(AgentConfig, ABadFlagValueNamesTheFlagNotTheConfigKey) {
  const std::string agent = kRumor + " agent -node=n " + bind_flag() + " ";
  const std::pair<std::string, std::string> cases[] = {
      {"-log-level=foo", "rumor agent: -log-level: unknown level 'foo'"},
      {"-event-handler=bogus:x=y", "rumor agent: -event-handler: "},
      {"-encrypt=notbase64", "rumor agent: -encrypt: "},
      {"-advertise=not:an:address", "rumor agent: -advertise: "},
      {"-rpc-addr=nowhere:x", "rumor agent: -rpc-addr: "},
  };
  for (const auto& [flag, message] : cases) {
    const auto r = sh(agent + rpc_flag() + " " + flag);
    EXPECT_EQ(r.exit_code, 2) << flag << ": " << r.output;
    EXPECT_NE(r.output.find(message), std::string::npos) << flag << ": " << r.output;
  }
  write("level.json", R"({"log_level": "foo"})");
  const auto file = sh(agent + rpc_flag() + " -config-file " + path("level.json"));
  EXPECT_EQ(file.exit_code, 2);
  EXPECT_NE(file.output.find(path("level.json") + ": key 'log_level'"), std::string::npos)
      << file.output;
}

// Exit status 2 is for a command line that cannot work (README); a port someone else
// holds is a failure to run, status 1, as serf exits 1 there.
TEST_F(AgentConfig, APortInUseExitsOneNamingTheAddress) {
  const int holder = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(holder, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(rpc_);
  ASSERT_EQ(::bind(holder, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(::listen(holder, 1), 0);
  const auto rpc_taken = sh(kRumor + " agent -node=n " + bind_flag() + " " + rpc_flag());
  // The gossip port too: the RPC port's holder doubles as it.
  const auto gossip_taken = sh(kRumor + " agent -node=n -bind=127.0.0.1:" + std::to_string(rpc_) +
                               " -rpc-addr=127.0.0.1:" + std::to_string(gossip_));
  ::close(holder);
  EXPECT_EQ(rpc_taken.exit_code, 1) << rpc_taken.output;
  EXPECT_NE(rpc_taken.output.find("rpc_addr: 127.0.0.1:" + std::to_string(rpc_)), std::string::npos)
      << rpc_taken.output;
  EXPECT_EQ(gossip_taken.exit_code, 1) << gossip_taken.output;
  EXPECT_NE(gossip_taken.output.find("bind: 127.0.0.1:" + std::to_string(rpc_)), std::string::npos)
      << gossip_taken.output;
  // And a -join nobody answers is a failure to run as well.
  const auto lonely =
      sh(kRumor + " agent -node=n " + bind_flag() + " " + rpc_flag() + " -join=127.0.0.1:1");
  EXPECT_EQ(lonely.exit_code, 1) << lonely.output;
}

// -log-level=debug, and -dev, which promises debug logs, print the agent's debug lines:
// here memberlist's "Stream connection from=" when another agent joins by push/pull.
TEST_F(AgentConfig, DebugLevelAndDevPrintDebugLinesAndInfoDoesNot) {
  for (const std::string level : {"-log-level=debug", "-dev", "-log-level=info"}) {
    start({"-node=n", level, bind_flag(), rpc_flag()});
    ASSERT_TRUE(eventually([&] { return !self().is_null(); }, 20s)) << level << "\n" << log();
    std::uint16_t cursor = static_cast<std::uint16_t>(port_ + 2);
    const auto joiner_gossip = rumor::net::take_loopback_port(cursor);
    const auto joiner_rpc = rumor::net::take_loopback_port(cursor);
    ChildProcess joiner(
        {kRumor, "agent", "-node=j", "-bind=127.0.0.1:" + std::to_string(joiner_gossip),
         "-rpc-addr=127.0.0.1:" + std::to_string(joiner_rpc),
         "-join=127.0.0.1:" + std::to_string(gossip_)},
        path("joiner.log"));
    EXPECT_TRUE(eventually(
        [&] { return log().find("EventMemberJoin: j 127.0.0.1") != std::string::npos; }, 20s))
        << level << "\n"
        << log();
    const bool debug =
        log().find("[DEBUG] memberlist: Stream connection from=127.0.0.1:") != std::string::npos;
    EXPECT_EQ(debug, level != "-log-level=info") << level << "\n" << log();
    if (level == "-log-level=info") {
      EXPECT_EQ(log().find("[DEBUG]"), std::string::npos) << log();
    }
    agent_.reset();
    fs::remove(path("agent.log"));
  }
}

TEST_F(AgentConfig, TagsFileIsLoadedAndKeptInStepWithTagChanges) {
  write("tags.json", R"({"role": "db"})");
  start({"-node=n", "-tags-file", path("tags.json"), bind_flag(), rpc_flag()});
  ASSERT_TRUE(eventually([&] { return self()["tags"]["role"] == "db"; }, 20s)) << log();
  ASSERT_TRUE(sh("/usr/bin/serf tags " + rpc_flag() + " -set zone=z9").ok());
  EXPECT_TRUE(eventually(
      [&] {
        std::ifstream in(path("tags.json"));
        const auto j = nlohmann::json::parse(in, nullptr, false);
        return !j.is_discarded() && j.value("zone", "") == "z9" && j.value("role", "") == "db";
      },
      10s));
}

}  // namespace
