// An agent with a snapshot, restarted: after kill -9 it rejoins the cluster it was in
// without being told where, hands its handlers none of the events they already had and
// every event sent while it was down; after a graceful leave it stays out.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "agent/child_process.hpp"
#include "cli/built_binary.hpp"
#include "net/free_port.hpp"
#include "process_support.hpp"

namespace {

using namespace std::chrono_literals;
using rumor::agent::ChildProcess;
using rumor::testing::eventually;
using rumor::testing::read_file;
using rumor::testing::sh;
namespace fs = std::filesystem;

class Snapshot : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("rumor-snapshot-agents-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::uint16_t cursor = static_cast<std::uint16_t>(14000 + (::getpid() % 400) * 40);
    for (auto* p : {&seed_gossip_, &seed_rpc_, &a_gossip_, &a_rpc_})
      *p = rumor::net::take_loopback_port(cursor);
    seed_ = start("seed", seed_gossip_, seed_rpc_, {});
    ASSERT_TRUE(eventually([&] { return alive_seen_by(seed_rpc_) == 1; }, 20s));
  }
  void TearDown() override {
    a_.reset();
    seed_.reset();
    if (!HasFailure()) fs::remove_all(dir_);
  }
  std::string file(const std::string& n) const { return (dir_ / n).string(); }
  static std::string rpc(std::uint16_t port) {
    return "-rpc-addr=127.0.0.1:" + std::to_string(port);
  }
  std::unique_ptr<ChildProcess> start(const std::string& name, std::uint16_t gossip,
                                      std::uint16_t rpc_port, std::vector<std::string> extra) {
    std::vector<std::string> argv = {
        ::rumor::cli::built_binary(),
        "agent",
        "-node=" + name,
        "-bind=127.0.0.1:" + std::to_string(gossip),
        rpc(rpc_port),
        "-profile=local",
        "-event-handler",
        "user=cat >> " + file(name + ".events") + "; echo >> " + file(name + ".events")};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return std::make_unique<ChildProcess>(argv, file(name + ".log"));
  }
  std::unique_ptr<ChildProcess> start_a(bool join) {
    std::vector<std::string> extra = {"-snapshot", file("a.snapshot")};
    if (join) extra.push_back("-join=127.0.0.1:" + std::to_string(seed_gossip_));
    return start("a", a_gossip_, a_rpc_, extra);
  }
  static int alive_seen_by(std::uint16_t rpc_port) {
    const auto r = sh("/usr/bin/serf members -status=alive " + rpc(rpc_port));
    if (!r.ok()) return -1;
    return static_cast<int>(std::count(r.output.begin(), r.output.end(), '\n'));
  }
  // How many times agent a's handler got `payload`.
  std::size_t a_got(const std::string& payload) const {
    const std::string all = read_file(file("a.events"));
    std::size_t n = 0;
    for (auto pos = all.find(payload); pos != std::string::npos; pos = all.find(payload, pos + 1))
      ++n;
    return n;
  }
  void send_event(const std::string& payload) const {
    ASSERT_TRUE(sh("/usr/bin/serf event -coalesce=false " + rpc(seed_rpc_) + " e " + payload).ok());
  }
  std::uint64_t snapshot_event_clock() const {
    const auto j = nlohmann::json::parse(read_file(file("a.snapshot")), nullptr, false);
    return j.is_discarded() ? 0 : j.value("event_clock", std::uint64_t{0});
  }
  // Agent a's event clock, as `serf info` reports it (0 when it does not answer).
  std::uint64_t agent_event_clock() const {
    const auto r = sh("/usr/bin/serf info -format=json " + rpc(a_rpc_));
    const auto j = nlohmann::json::parse(r.output, nullptr, false);
    if (j.is_discarded() || !j.contains("serf")) return 0;
    return std::stoull(j["serf"].value("event_time", "0"));
  }
  // The snapshot records the seed.
  bool snapshot_knows_seed() const {
    const auto j = nlohmann::json::parse(read_file(file("a.snapshot")), nullptr, false);
    if (j.is_discarded() || !j.contains("alive")) return false;
    for (const auto& m : j["alive"])
      if (m.value("name", "") == "seed") return true;
    return false;
  }

  fs::path dir_;
  std::uint16_t seed_gossip_ = 0, seed_rpc_ = 0, a_gossip_ = 0, a_rpc_ = 0;
  std::unique_ptr<ChildProcess> seed_, a_;
};

TEST_F(Snapshot, AfterKillNineTheAgentRejoinsWithoutReplayingAndGetsWhatItMissed) {
  a_ = start_a(/*join=*/true);
  ASSERT_TRUE(eventually([&] { return alive_seen_by(a_rpc_) == 2; }, 20s))
      << read_file(file("a.log"));
  send_event("before-crash");
  ASSERT_TRUE(eventually([&] { return a_got("before-crash") == 1; }, 10s));
  ASSERT_TRUE(eventually([&] { return snapshot_knows_seed(); }, 10s))
      << read_file(file("a.snapshot"));
  // The snapshot is rewritten at most once a second: wait until it holds the event
  // clock the agent reports, so the crash below loses nothing it had handled.
  ASSERT_TRUE(eventually([&] { return snapshot_event_clock() == agent_event_clock(); }, 10s))
      << read_file(file("a.snapshot"));
  a_->kill9();
  send_event("while-down");
  a_ = start_a(/*join=*/false);  // no -join: the snapshot says where to go
  EXPECT_TRUE(eventually([&] { return alive_seen_by(a_rpc_) == 2; }, 20s))
      << read_file(file("a.log"));
  EXPECT_TRUE(eventually([&] { return a_got("while-down") == 1; }, 20s))
      << "the event sent while it was down arrives: " << read_file(file("a.events"));
  send_event("marker");
  ASSERT_TRUE(eventually([&] { return a_got("marker") == 1; }, 10s));
  EXPECT_EQ(a_got("before-crash"), 1u) << "nothing handled before the crash is replayed";
}

TEST_F(Snapshot, AfterAGracefulLeaveTheAgentDoesNotRejoin) {
  a_ = start_a(/*join=*/true);
  ASSERT_TRUE(eventually([&] { return alive_seen_by(a_rpc_) == 2; }, 20s));
  ASSERT_TRUE(sh("/usr/bin/serf leave " + rpc(a_rpc_), 30s).ok());
  ASSERT_TRUE(eventually([&] { return a_->exited(); }, 20s));
  a_ = start_a(/*join=*/false);
  ASSERT_TRUE(eventually([&] { return alive_seen_by(a_rpc_) >= 1; }, 20s));
  // Give a rejoin every chance to happen before checking it did not.
  EXPECT_TRUE(eventually(
      [&] { return read_file(file("a.log")).find("not rejoining") != std::string::npos; }, 10s))
      << read_file(file("a.log"));
  EXPECT_EQ(alive_seen_by(a_rpc_), 1);
}

TEST_F(Snapshot, AnUnreadableSnapshotIsReportedAndTheAgentStartsAnyway) {
  std::ofstream(file("a.snapshot")) << "{ torn";
  a_ = start_a(/*join=*/true);
  EXPECT_TRUE(eventually([&] { return alive_seen_by(a_rpc_) == 2; }, 20s))
      << read_file(file("a.log"));
  EXPECT_NE(read_file(file("a.log")).find("snapshot unreadable"), std::string::npos);
}

}  // namespace
