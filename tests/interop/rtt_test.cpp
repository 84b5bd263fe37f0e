// Network coordinates across implementations: a rumor agent and a real Debian `serf`
// agent on loopback carry their Vivaldi coordinates in their probe acks, so `serf rtt`
// run against either agent estimates the pair's round trip, and `rumor rtt` prints what
// `serf rtt` prints.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <memory>
#include <regex>

#include "agent/child_process.hpp"
#include "cli/built_binary.hpp"
#include "net/free_port.hpp"
#include "process_support.hpp"

using namespace std::chrono_literals;
using rumor::agent::ChildProcess;
using rumor::testing::eventually;
using rumor::testing::read_file;
using rumor::testing::sh;

namespace {

const std::string kSerf = "/usr/bin/serf";
const std::string kRumor = rumor::cli::built_binary();

class RttAcrossImplementations : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(kSerf)) << "Debian's serf package is required";
    dir_ = std::filesystem::temp_directory_path() / ("rumor-rtt-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto cursor = static_cast<std::uint16_t>(11000 + (::getpid() % 500) * 8);
    const int s_gossip = rumor::net::take_loopback_port(cursor);
    s_rpc_ = rumor::net::take_loopback_port(cursor);
    const int r_gossip = rumor::net::take_loopback_port(cursor);
    r_rpc_ = rumor::net::take_loopback_port(cursor);
    serf_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{kSerf, "agent", "-node=s1",
                                 "-bind=127.0.0.1:" + std::to_string(s_gossip),
                                 "-rpc-addr=127.0.0.1:" + std::to_string(s_rpc_)},
        (dir_ / "s1.log").string());
    ASSERT_TRUE(eventually([&] { return sh(kSerf + " members " + rpc(s_rpc_)).ok(); }, 20s));
    rumor_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{kRumor, "agent", "-node=r1",
                                 "-bind=127.0.0.1:" + std::to_string(r_gossip),
                                 "-rpc-addr=127.0.0.1:" + std::to_string(r_rpc_),
                                 "-join=127.0.0.1:" + std::to_string(s_gossip)},
        (dir_ / "r1.log").string());
  }
  void TearDown() override {
    rumor_.reset();
    serf_.reset();
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }
  static std::string rpc(int port) { return "-rpc-addr=127.0.0.1:" + std::to_string(port); }
  std::string logs() const {
    return "--- s1\n" + read_file((dir_ / "s1.log").string()) + "--- r1\n" +
           read_file((dir_ / "r1.log").string());
  }

  std::filesystem::path dir_;
  int s_rpc_ = 0, r_rpc_ = 0;
  std::unique_ptr<ChildProcess> serf_, rumor_;
};

// The estimate `serf rtt` printed, in ms; NaN when it printed none.
double estimate_ms(const std::string& out, const std::string& a, const std::string& b) {
  std::smatch m;
  const std::regex line("Estimated " + a + " <-> " + b + " rtt: ([0-9.]+) ms");
  return std::regex_search(out, m, line) ? std::stod(m[1]) : std::nan("");
}

TEST_F(RttAcrossImplementations, SerfRttAgainstEitherAgentEstimatesThePair) {
  // Each agent probes the other about once a second; the first direct ack with a
  // coordinate is enough for an estimate.
  for (int port : {r_rpc_, s_rpc_}) {
    std::string out;
    const bool ok = eventually(
        [&] {
          const auto r = sh(kSerf + " rtt " + rpc(port) + " s1 r1");
          out = r.output;
          return r.ok() && std::isfinite(estimate_ms(out, "s1", "r1"));
        },
        40s, 250ms);
    ASSERT_TRUE(ok) << "serf rtt against :" << port << ": " << out << logs();
    const double ms = estimate_ms(out, "s1", "r1");
    EXPECT_GE(ms, 0.0);
    EXPECT_LT(ms, 1000.0) << "loopback";
  }
}

TEST_F(RttAcrossImplementations, RumorRttPrintsWhatSerfRttPrints) {
  ASSERT_TRUE(
      eventually([&] { return sh(kSerf + " rtt " + rpc(r_rpc_) + " s1 r1").ok(); }, 40s, 250ms))
      << logs();
  // Coordinates move with every probe, so two reads may straddle one: retry until a
  // pair of reads agrees (it does between probes, once a second).
  std::string serf_out, rumor_out;
  const bool same = eventually(
      [&] {
        serf_out = sh(kSerf + " rtt " + rpc(r_rpc_) + " s1").output;
        rumor_out = sh(kRumor + " rtt " + rpc(r_rpc_) + " s1").output;
        return serf_out == rumor_out;
      },
      20s, 100ms);
  EXPECT_TRUE(same) << "serf:  " << serf_out << "rumor: " << rumor_out;
  EXPECT_TRUE(std::isfinite(estimate_ms(rumor_out, "s1", "r1"))) << rumor_out;

  const auto missing = sh(kRumor + " rtt " + rpc(r_rpc_) + " nobody");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.output.find("Could not find a coordinate for node \"nobody\""),
            std::string::npos)
      << missing.output;
}

}  // namespace
