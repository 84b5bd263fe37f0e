// `rumor demo`, the README's main job: its narration completes on a small cluster, and
// whether it ends by itself or by Ctrl-C it leaves no agent running; a step that fails
// names the agents that did not get there and keeps their logs.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>

#include "agent/child_process.hpp"
#include "cli/built_binary.hpp"
#include "process_support.hpp"

namespace {

using namespace std::chrono_literals;
using rumor::agent::ChildProcess;
using rumor::testing::eventually;
using rumor::testing::read_file;
const std::string kRumor = rumor::cli::built_binary();
using rumor::testing::sh;

// Agent processes the demo with this pid started (their handler paths name its
// temporary directory).
int agents_of(pid_t demo) {
  // "dem[o]": the pattern must not match the shell running pgrep itself.
  const auto r = sh("pgrep -f 'rumor-dem[o]-" + std::to_string(demo) + "/' | wc -l");
  return r.ok() ? std::stoi(r.output) : -1;
}

TEST(Demo, NarratesEveryStepAndLeavesNothingRunning) {
  const std::string log =
      (std::filesystem::temp_directory_path() / ("rumor-demo-test-" + std::to_string(::getpid())))
          .string();
  ChildProcess demo({kRumor, "demo", "-exit", "-agents=4"}, log);
  const pid_t pid = demo.pid();
  ASSERT_TRUE(eventually([&] { return demo.exited(); }, 150s)) << read_file(log);
  const std::string out = read_file(log);
  EXPECT_NE(out.find("first agent up"), std::string::npos) << out;
  EXPECT_NE(out.find("agents that see all the others"), std::string::npos) << out;
  EXPECT_NE(out.find("handlers that ran"), std::string::npos);
  EXPECT_NE(out.find("agents that declared it failed"), std::string::npos);
  EXPECT_NE(out.find("agents that see it alive again"), std::string::npos);
  EXPECT_NE(out.find("4 of 4 answered"), std::string::npos) << out;
  EXPECT_NE(out.find("Dashboard (node-1's view, live): http://127.0.0.1:"), std::string::npos);
  EXPECT_EQ(agents_of(pid), 0);
  std::filesystem::remove(log);
}

// The demo's agents write their handlers' output under $TMPDIR/rumor-demo-PID/; a
// directory where node-3's event file would be makes its handler fail, so the event
// step cannot complete.
TEST(Demo, AFailedStepNamesTheAgentsThatDidNotGetThereAndKeepsTheLogs) {
  namespace fs = std::filesystem;
  const fs::path tmp =
      fs::temp_directory_path() / ("rumor-demo-fail-" + std::to_string(::getpid()));
  fs::remove_all(tmp);
  fs::create_directories(tmp);
  const std::string log = (tmp / "demo.out").string();
  ChildProcess demo({"env", "TMPDIR=" + tmp.string(), kRumor, "demo", "-exit", "-agents=4"}, log);
  const pid_t pid = demo.pid();  // env execs the demo: the same process
  const fs::path dir = tmp / ("rumor-demo-" + std::to_string(pid));
  fs::create_directories(dir / "node-3.events");
  ASSERT_TRUE(eventually([&] { return demo.exited(); }, 150s)) << read_file(log);
  const std::string out = read_file(log);
  const auto failed = out.find("FAILED: handlers that ran");
  ASSERT_NE(failed, std::string::npos) << out;
  const std::string line = out.substr(failed, out.find('\n', failed) - failed);
  EXPECT_NE(line.find("not there: node-3"), std::string::npos) << out;
  EXPECT_EQ(line.find("node-1"), std::string::npos) << out;
  EXPECT_NE(out.find("logs are kept in " + dir.string()), std::string::npos) << out;
  EXPECT_EQ(out.find("answered"), std::string::npos) << "the demo stops at the failed step";
  for (const char* name : {"node-1.log", "node-2.log", "node-3.log", "node-4.log"})
    EXPECT_TRUE(fs::exists(dir / name)) << name;
  EXPECT_EQ(agents_of(pid), 0);
  fs::remove_all(tmp);
}

TEST(Demo, CtrlCStopsEveryAgent) {
  const std::string log =
      (std::filesystem::temp_directory_path() / ("rumor-demo-int-" + std::to_string(::getpid())))
          .string();
  ChildProcess demo({kRumor, "demo", "-exit=false", "-agents=3"}, log);
  const pid_t pid = demo.pid();
  ASSERT_TRUE(eventually([&] { return agents_of(pid) == 3; }, 30s)) << read_file(log);
  ASSERT_TRUE(demo.interrupt());
  EXPECT_TRUE(eventually([&] { return demo.exited(); }, 20s)) << read_file(log);
  EXPECT_TRUE(eventually([&] { return agents_of(pid) == 0; }, 10s));
  std::filesystem::remove(log);
}

}  // namespace
