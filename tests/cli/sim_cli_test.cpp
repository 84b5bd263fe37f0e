// `rumor sim converge` and `rumor sim <scenario> --plot` as a user runs them: exit
// statuses, the flag named in every usage error, and chart files written whole.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/built_binary.hpp"

namespace {

namespace fs = std::filesystem;
const std::string kRumor = ::rumor::cli::built_binary();

struct Outcome {
  int exit = -1;
  std::string out, err;
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class SimCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("rumor-sim-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `rumor <args>` (arguments contain no quotes); stdout and stderr apart.
  Outcome rumor(const std::vector<std::string>& args) {
    std::string cmd = "'" + kRumor + "'";
    for (const auto& a : args) cmd += " '" + a + "'";
    cmd += " >'" + (dir_ / "out").string() + "' 2>'" + (dir_ / "err").string() + "'";
    const int status = std::system(cmd.c_str());
    Outcome o;
    o.exit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    o.out = read_file(dir_ / "out");
    o.err = read_file(dir_ / "err");
    return o;
  }
  fs::path file(const std::string& name) const { return dir_ / name; }

 private:
  fs::path dir_;
};

TEST_F(SimCli, ConvergeBadFlagsExitTwoNamingTheFlag) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--nodes", "1"}, "--nodes"},
      {{"--loss", "1"}, "--loss"},
      {{"--loss", "-0.1"}, "--loss"},
      {{"--failed", "1.5"}, "--failed"},
      {{"--seeds", "0"}, "--seeds"},
      {{"--fanout", "-1"}, "--fanout"},
      {{"--fanout", "0"}, "--fanout: must be at least 1"},
      {{"--interval", "soon"}, "--interval"},
      {{"--interval", "0s"}, "--interval"},
      {{"--interval", "200"}, "--interval: give a unit"},
      {{"--profile", "moon"}, "--profile"},
      {{"--nodes", "many"}, "--nodes"},
      {{"--plot", "/no/such/dir/c.svg"}, "--plot"},
      {{"--bogus"}, "--bogus"},
  };
  for (const auto& [flags, named] : cases) {
    std::vector<std::string> args = {"sim", "converge"};
    args.insert(args.end(), flags.begin(), flags.end());
    const Outcome r = rumor(args);
    EXPECT_EQ(r.exit, 2) << flags[0] << ": " << r.err;
    EXPECT_NE(r.err.find(named), std::string::npos) << flags[0] << ": " << r.err;
  }
}

TEST_F(SimCli, ConvergeWritesTheTableTheJsonAndAWholeChart) {
  const fs::path svg = file("converge.svg");
  const Outcome text = rumor({"sim", "converge", "--nodes", "20", "--seeds", "2", "--interval",
                              "100ms", "--fanout", "2", "--plot", svg.string()});
  ASSERT_EQ(text.exit, 0) << text.err;
  EXPECT_NE(text.out.find("99.99%"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("every 100 ms to 2"), std::string::npos) << text.out;
  const std::string chart = read_file(svg);
  EXPECT_EQ(chart.rfind("<?xml", 0), 0u);
  EXPECT_NE(chart.find("</svg>"), std::string::npos);
  EXPECT_NE(chart.find("Serf&apos;s model"), std::string::npos);
  EXPECT_FALSE(fs::exists(svg.string() + ".tmp")) << "written to FILE.tmp, then renamed";

  const Outcome json = rumor({"sim", "converge", "--nodes", "20", "--seeds", "2", "--json"});
  ASSERT_EQ(json.exit, 0) << json.err;
  const auto j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["params"]["nodes"], 20);
  EXPECT_DOUBLE_EQ(j["params"]["interval_s"].get<double>(), 0.2) << "the lan profile's";
  EXPECT_EQ(j["params"]["fanout"], 3);
  EXPECT_EQ(j["runs"].size(), 2u);
  EXPECT_TRUE(j["measured"]["time_to"].contains("p99_99"));
}

TEST_F(SimCli, EveryScenarioDrawsItsChart) {
  for (const std::string scenario :
       {"join", "broadcast", "failure", "stall", "partition", "steady", "mass-restart"}) {
    const fs::path svg = file(scenario + ".svg");
    const Outcome r =
        rumor({"sim", scenario, "--nodes", "12", "--duration", "15", "--partition-time", "10",
               "--stall-time", "2", "--stall-every", "5", "--plot", svg.string()});
    ASSERT_EQ(r.exit, 0) << scenario << ": " << r.err;
    const std::string chart = read_file(svg);
    EXPECT_NE(chart.find("<polyline"), std::string::npos) << scenario;
    EXPECT_NE(chart.find(scenario + ": 12 nodes"), std::string::npos) << scenario;
    EXPECT_NE(chart.find("</svg>"), std::string::npos) << scenario;
    EXPECT_FALSE(fs::exists(svg.string() + ".tmp")) << scenario;
  }
  const Outcome bad = rumor({"sim", "join", "--plot", "/no/such/dir/j.svg"});
  EXPECT_EQ(bad.exit, 2);
  EXPECT_NE(bad.err.find("--plot"), std::string::npos) << bad.err;
}

TEST_F(SimCli, ASizeThatCannotFitInMemoryIsRefusedAtOnceWithTheEstimateAndTheLimit) {
  // 10^6 nodes: 10^12 pairs, terabytes on any machine that runs this suite.
  const Outcome r = rumor({"sim", "steady", "--nodes", "1000000", "--preconverged"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_NE(r.err.find("--nodes 1000000"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("GiB"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("this process may use"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << "refused before anything ran";
}

TEST_F(SimCli, ProgressStaysOffTheOutputWhenItIsNotATerminal) {
  const Outcome r = rumor({"sim", "steady", "--nodes", "20", "--duration", "30", "--json"});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["scenario"], "steady");
}

TEST_F(SimCli, OptionsOfOtherScenariosAreRefusedNamingTheFlag) {
  const Outcome steady = rumor({"sim", "steady", "--steady", "10"});
  EXPECT_EQ(steady.exit, 2);
  EXPECT_NE(steady.err.find("--steady"), std::string::npos) << steady.err;
  const Outcome fraction = rumor({"sim", "mass-restart", "--restart-fraction", "0"});
  EXPECT_EQ(fraction.exit, 2);
  EXPECT_NE(fraction.err.find("--restart-fraction"), std::string::npos) << fraction.err;
}

}  // namespace
