// The dashboard in a real browser: Debian's chromium, headless, loads the page from an
// HttpServer over a fake backend, and the DOM it dumps must show what the backend holds.
// --virtual-time-budget lets the page's timers and fetches run without real sleeps.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "agent/chromium_support.hpp"
#include "agent/http_server.hpp"
#include "agent/http_test_support.hpp"
#include "interop/process_support.hpp"

namespace rumor::agent {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

class DashboardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = testing::chromium_binary();
    if (chromium_.empty())
      GTEST_SKIP() << "chromium is not installed (scripts/deps.sh installs Debian's package)";
    profile_ = fs::temp_directory_path() /
               ("rumor-dashboard-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(profile_);
    server_ = std::make_unique<HttpServer>(backend_, options());
  }

  // Virtual time stands still while any fetch is pending, and an event stream is a
  // fetch that never ends: streams are recycled every second (real time) here, so the
  // page's 5 s of virtual time pass in a few real seconds. The EventSource reconnects
  // with Last-Event-ID, as it would after a production recycle.
  static HttpServerOptions options(std::string token = "") {
    HttpServerOptions o;
    o.port = 0;
    o.token = std::move(token);
    o.stream_max_age = 1s;
    return o;
  }
  void TearDown() override {
    server_.reset();
    std::error_code ec;
    if (!profile_.empty()) fs::remove_all(profile_, ec);
  }

  // Runs headless chromium on the dashboard with `mode` (--dump-dom, --screenshot=...).
  ProcessResult browse(const std::string& mode, const std::string& query = "") {
    const std::string url = "http://127.0.0.1:" + std::to_string(server_->port()) + "/" + query;
    return testing::headless(chromium_, profile_, url, mode);
  }

  testing::FakeHttpBackend backend_;
  std::unique_ptr<HttpServer> server_;
  std::string chromium_;
  fs::path profile_;
};

// What the dumped DOM holds for one member row: its data attributes and its cells.
std::string member_row(const std::string& dom, const std::string& name) {
  const std::regex row("<tr[^>]*data-name=\"" + name + "\"[^>]*>(.*?)</tr>");
  std::smatch m;
  if (!std::regex_search(dom, m, row)) return {};
  return m[0];
}

TEST_F(DashboardTest, ShowsMembersHealthAndEvents) {
  // Pushed before the page loads: the page must get it from the stream's replay.
  backend_.push(testing::user_event("deploy-42", "hello dashboard"));
  Event failed;
  failed.type = EventType::member_failed;
  failed.members = {{"bravo", "127.0.0.2", 7946, {}, "failed"}};
  backend_.push(failed);
  ASSERT_TRUE(testing::eventually([&] { return server_->counters().events_received == 2; }, 5s));

  const auto r = browse("--dump-dom");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string& dom = r.output;
  ASSERT_NE(dom.find("<table id=\"members\""), std::string::npos) << dom;

  // Every member, with its state.
  for (const auto& m : backend_.members) {
    const auto row = member_row(dom, m.name);
    ASSERT_FALSE(row.empty()) << "no row for " << m.name << " in\n" << dom;
    EXPECT_NE(row.find("data-status=\"" + m.status + "\""), std::string::npos) << row;
    EXPECT_NE(row.find("class=\"badge " + m.status + "\">" + m.status + "<"), std::string::npos)
        << row;
    EXPECT_NE(row.find(m.addr + ":" + std::to_string(m.port)), std::string::npos) << row;
  }
  EXPECT_NE(member_row(dom, "alpha").find("role=web"), std::string::npos);
  EXPECT_NE(dom.find("<tr data-name=\"alpha\" data-status=\"alive\" class=\"status-alive self\""),
            std::string::npos)
      << "the local member is marked";

  // The health score and the member count.
  EXPECT_TRUE(std::regex_search(dom, std::regex("id=\"health\"[^>]*data-score=\"2\"[^>]*>2<")))
      << dom;
  EXPECT_TRUE(std::regex_search(dom, std::regex("id=\"member-count\"[^>]*>4<")));
  EXPECT_TRUE(std::regex_search(dom, std::regex("id=\"suspicions\">4<")));

  // The events pushed before the page loaded, newest first, with the decoded payload.
  const auto user = dom.find("<li data-type=\"user\" data-id=\"1\">");
  const auto fail = dom.find("<li data-type=\"member-failed\" data-id=\"2\">");
  ASSERT_NE(user, std::string::npos) << dom;
  ASSERT_NE(fail, std::string::npos) << dom;
  EXPECT_LT(fail, user);
  EXPECT_NE(dom.find("deploy-42: hello dashboard", user), std::string::npos);
  EXPECT_NE(dom.find("bravo", fail), std::string::npos);

  // The gossip view: a node per member, an edge per peer link.
  for (const auto& m : backend_.members)
    EXPECT_NE(dom.find("<g data-node=\"" + m.name + "\""), std::string::npos) << m.name;
  EXPECT_NE(dom.find("data-from=\"alpha\" data-to=\"bravo\""), std::string::npos);
  EXPECT_NE(dom.find("data-from=\"charlie\" data-to=\"alpha\""), std::string::npos);

  // The page polled /v1/stats more than once (a rate needs two samples).
  EXPECT_GE(server_->counters().responses[200], 6u);
}

TEST_F(DashboardTest, RatesComeFromSuccessiveStats) {
  // Between polls the fake's counters grow: 100 messages in per poll.
  std::atomic<bool> stop{false};
  std::thread bump([&] {
    while (!stop) {
      {
        std::lock_guard lock(backend_.mu);
        backend_.stats.cluster.core.msgs_in[0] += 1;
      }
      std::this_thread::sleep_for(1ms);
    }
  });
  const auto r = browse("--dump-dom", "?poll=500");
  stop = true;
  bump.join();
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.output, m, std::regex("id=\"rate-in\">([0-9.]+)<"))) << r.output;
  EXPECT_TRUE(std::regex_search(r.output, std::regex("id=\"rate-in-line\"[^>]*points=\"[0-9]")))
      << "the sparkline has points";
  // An axis scale: gridlines labelled in messages per second from 0 up past the peak,
  // and the time axis ending at "now".
  ASSERT_TRUE(std::regex_search(r.output, m, std::regex("<g id=\"rate-axis\">(.*?)</g>")))
      << r.output;
  const std::string axis = m[1].str();
  EXPECT_NE(axis.find(">0</text>"), std::string::npos) << axis;
  const std::regex y_label("class=\"y\"");
  EXPECT_GE(std::distance(std::sregex_iterator(axis.begin(), axis.end(), y_label),
                          std::sregex_iterator()),
            3)
      << axis;
  EXPECT_NE(axis.find(">now</text>"), std::string::npos) << axis;
}

TEST_F(DashboardTest, TokenFromThePageAddress) {
  server_.reset();
  server_ = std::make_unique<HttpServer>(backend_, options("dash-token"));
  const auto r = browse("--dump-dom", "?token=dash-token");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_FALSE(member_row(r.output, "alpha").empty()) << r.output;
  EXPECT_EQ(server_->counters().unauthorized, 0u);

  const auto denied = browse("--dump-dom");
  ASSERT_EQ(denied.exit_code, 0);
  EXPECT_TRUE(member_row(denied.output, "alpha").empty());
  EXPECT_TRUE(std::regex_search(denied.output, std::regex("id=\"status\" data-state=\"error\"")))
      << denied.output;
}

TEST_F(DashboardTest, Screenshot) {
  backend_.push(testing::user_event("deploy-42", "hello dashboard"));
  const auto png = fs::current_path() / "dashboard.png";
  fs::remove(png);
  // Traffic that grows, so that the rate chart has a curve to look at.
  std::atomic<bool> stop{false};
  std::thread bump([&] {
    for (int i = 0; !stop; ++i) {
      {
        std::lock_guard lock(backend_.mu);
        backend_.stats.cluster.core.msgs_in[0] += 1 + i % 3;
        backend_.stats.cluster.core.msgs_out[0] += 1;
      }
      std::this_thread::sleep_for(1ms);
    }
  });
  const auto r = browse("--screenshot=" + png.string(), "?poll=500");
  stop = true;
  bump.join();
  ASSERT_EQ(r.exit_code, 0) << r.output;
  ASSERT_TRUE(fs::exists(png));
  std::ifstream in(png, std::ios::binary);
  char magic[8] = {};
  in.read(magic, 8);
  EXPECT_EQ(std::string(magic + 1, 3), "PNG");
  EXPECT_GT(fs::file_size(png), 10'000u);
  std::cout << "dashboard screenshot: " << png << "\n";
}

}  // namespace
}  // namespace rumor::agent
