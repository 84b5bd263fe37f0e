// The web simulator's page in a real browser: Debian's chromium, headless, clicks a node
// and presses play (the page does both from ?click=N&play=1, by dispatching the same
// click events a user would), and the DOM it dumps must show the run the API computes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "agent/chromium_support.hpp"
#include "websim/server.hpp"

namespace rumor::websim {
namespace {

namespace fs = std::filesystem;

class BrowserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = testing::chromium_binary();
    if (chromium_.empty())
      GTEST_SKIP() << "chromium is not installed (scripts/deps.sh installs Debian's package)";
    profile_ = fs::temp_directory_path() /
               ("rumor-websim-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(profile_);
    http::ServerOptions o;
    o.port = 0;
    server_ = std::make_unique<Server>(o);
  }
  void TearDown() override {
    server_.reset();
    std::error_code ec;
    if (!profile_.empty()) fs::remove_all(profile_, ec);
  }
  agent::ProcessResult browse(const std::string& query, const std::string& mode = "--dump-dom") {
    return testing::headless(chromium_, profile_, server_->url() + query, mode, 30'000);
  }

  std::string chromium_;
  fs::path profile_;
  std::unique_ptr<Server> server_;
};

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

TEST_F(BrowserTest, ClickANodeAndPlayReachesEveryNode) {
  const std::string params = "nodes=100&algorithm=anti-entropy&mode=push-pull&seed=3";
  // What the server computes for the same session, to compare the page against.
  LabSession expected({{"nodes", "100"}, {"mode", "push-pull"}, {"seed", "3"}}, 2000);
  expected.infect(7);
  while (!expected.over()) expected.step(1);

  const auto r = browse("?" + params + "&click=7&play=1");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string& dom = r.output;
  EXPECT_TRUE(std::regex_search(dom, std::regex("id=\"status\" data-state=\"over\""))) << dom;
  EXPECT_NE(dom.find("id=\"cycle\">" + std::to_string(expected.cycle()) + "<"), std::string::npos)
      << "the counter shows the cycles the run took: " << expected.cycle() << "\n"
      << dom;
  EXPECT_NE(dom.find("id=\"informed\">100 / 100<"), std::string::npos) << dom;
  EXPECT_EQ(count(dom, "data-state=\"i\""), 100u) << "every node reached";
  EXPECT_NE(dom.find("log3 n = 4.2"), std::string::npos) << "the prediction beside the counter";
  EXPECT_TRUE(std::regex_search(dom, std::regex("id=\"measured\" points=\"0.0,")))
      << "the convergence chart";
  EXPECT_GT(count(dom, "<line "), 0u) << "the last cycle's messages";

  const auto png = fs::current_path() / "websim.png";
  fs::remove(png);
  const auto shot = browse("?" + params + "&click=7&play=1", "--screenshot=" + png.string());
  ASSERT_EQ(shot.exit_code, 0) << shot.output;
  ASSERT_TRUE(fs::exists(png));
  EXPECT_GT(fs::file_size(png), 10'000u);
  std::cout << "web simulator screenshot: " << png << "\n";
}

TEST_F(BrowserTest, RealProtocolModeCrashANodeUntilItIsDeclaredDead) {
  const auto r = browse("?engine=protocol&nodes=16&click-does=crash&click=5&play=1");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string& dom = r.output;
  EXPECT_TRUE(std::regex_search(dom, std::regex("id=\"status\" data-state=\"over\""))) << dom;
  EXPECT_TRUE(
      std::regex_search(dom, std::regex("data-node=\"5\" data-state=\"x\" data-seen=\"d\"")))
      << "node 5 crashed and the majority declared it dead\n"
      << dom;
  EXPECT_EQ(count(dom, "data-seen=\"a\""), 15u) << "the others stay alive";
  // During a crash the rows follow its detection, not a broadcast nobody sent.
  EXPECT_NE(dom.find("id=\"informed-label\">declared dead<"), std::string::npos) << dom;
  EXPECT_NE(dom.find("id=\"informed\">15 / 15<"), std::string::npos) << dom;
  EXPECT_TRUE(std::regex_search(dom, std::regex("id=\"prediction\"[^>]*>suspected after [^<]*"
                                                "dead after [^<]* s<")))
      << "a prediction, not the elapsed time\n"
      << dom;
  EXPECT_TRUE(std::regex_search(dom, std::regex("id=\"time\">[0-9.]+ s virtual \\([0-9.]+ s "
                                                "since the crash\\)<")))
      << dom;
  // The chart's measured line rises to the top (every live node declared it dead): the
  // last point is at y = 2 (the top), the first at y = 158 (nobody yet).
  std::smatch m;
  ASSERT_TRUE(std::regex_search(dom, m, std::regex("id=\"measured\" points=\"([^\"]*)\""))) << dom;
  const std::string pts = m[1].str();
  EXPECT_EQ(pts.substr(pts.find(',') + 1, 5), "158.0") << pts;
  EXPECT_EQ(pts.substr(pts.rfind(',') + 1), "2.0") << pts;
}

TEST_F(BrowserTest, RealProtocolModeABroadcastIsPredictedAndTheOldKindParameterStillWorks) {
  const auto r = browse("?kind=protocol&nodes=16&click-does=infect&click=2&play=1");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string& dom = r.output;
  EXPECT_NE(dom.find("id=\"informed\">16 / 16<"), std::string::npos) << dom;
  EXPECT_TRUE(std::regex_search(
      dom, std::regex("id=\"prediction\"[^>]*>≈ [0-9.]+ gossip rounds, [0-9.]+ s to reach all<")))
      << dom;
  EXPECT_TRUE(std::regex_search(dom, std::regex("id=\"predicted\" points=\"0.0,")))
      << "the model's curve\n"
      << dom;
}

}  // namespace
}  // namespace rumor::websim
