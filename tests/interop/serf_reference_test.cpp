// Where Serf's behaviour is the reference: a real Debian serf agent and a rumor agent
// side by side, and what the real `serf` command shows of each must agree — the
// member fields on `serf monitor`'s event stream, `serf info`'s keys, and the log lines
// Serf writes for member events.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

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

const std::string kSerf = "/usr/bin/serf";

struct Agent {
  std::string name;
  std::uint16_t gossip = 0, rpc = 0;
  std::unique_ptr<ChildProcess> proc;
  std::string rpc_flag() const { return "-rpc-addr=127.0.0.1:" + std::to_string(rpc); }
};

// s1, a serf agent, and r1, a rumor agent joined to it.
class BesideSerf : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs::exists(kSerf)) << "Debian's serf package is required (scripts/deps.sh)";
    dir_ = fs::temp_directory_path() /
           ("rumor-serf-reference-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::uint16_t cursor = static_cast<std::uint16_t>(16000 + (::getpid() % 300) * 20);
    for (Agent* a : {&s1_, &r1_}) {
      a->gossip = rumor::net::take_loopback_port(cursor);
      a->rpc = rumor::net::take_loopback_port(cursor);
    }
    start(s1_, kSerf, "");
    ASSERT_TRUE(eventually([&] { return alive(s1_) == 1; }, 20s)) << log(s1_);
    start(r1_, ::rumor::cli::built_binary(), "127.0.0.1:" + std::to_string(s1_.gossip));
    ASSERT_TRUE(eventually([&] { return alive(s1_) == 2 && alive(r1_) == 2; }, 20s))
        << log(s1_) << log(r1_);
  }
  void TearDown() override {
    monitors_.clear();
    s1_.proc.reset();
    r1_.proc.reset();
    if (!HasFailure()) fs::remove_all(dir_);
  }

  std::string file(const std::string& name) const { return (dir_ / name).string(); }
  std::string log(const Agent& a) const {
    return a.name + " log:\n" + read_file(file(a.name + ".log"));
  }

  void start(Agent& a, const std::string& bin, const std::string& join) {
    std::vector<std::string> argv = {
        bin,          "agent", "-node=" + a.name, "-bind=127.0.0.1:" + std::to_string(a.gossip),
        a.rpc_flag(), "-tag",  "role=" + a.name};
    if (!join.empty()) argv.push_back("-join=" + join);
    a.proc = std::make_unique<ChildProcess>(argv, file(a.name + ".log"));
  }

  int alive(const Agent& a) const {
    const auto r = sh(kSerf + " members -status=alive " + a.rpc_flag());
    if (!r.ok()) return -1;
    int n = 0;
    for (char c : r.output) n += c == '\n';
    return n;
  }

  // `serf monitor` against `a`; its output goes to monitor-NAME.out.
  std::string monitor(const Agent& a) {
    const std::string out = file("monitor-" + a.name + ".out");
    monitors_.push_back(std::make_unique<ChildProcess>(
        std::vector<std::string>{kSerf, "monitor", a.rpc_flag()}, out));
    return out;
  }

  fs::path dir_;
  Agent s1_{"s1", 0, 0, nullptr}, r1_{"r1", 0, 0, nullptr};
  std::vector<std::unique_ptr<ChildProcess>> monitors_;
};

// The "Members:" line serf monitor prints (Go's %#v of the event's map, keys sorted)
// for the first member-update event about `who` in `text`, or empty. An event is an
// "Event Info:" line and its tab-indented fields, in Go's random map order.
std::string update_members_line(const std::string& text, const std::string& who) {
  std::istringstream in(text);
  std::string line, members;
  bool in_event = false, update = false;
  auto done = [&] {
    return update && members.find("\"Name\":\"" + who + "\"") != std::string::npos;
  };
  while (std::getline(in, line)) {
    if (line == "Event Info:") {
      if (done()) return members;
      in_event = true;
      update = false;
      members.clear();
      continue;
    }
    if (!in_event || line.empty() || line[0] != '\t') {
      if (in_event && done()) return members;
      in_event = false;
      continue;
    }
    if (line == "\tEvent: \"member-update\"") update = true;
    if (line.rfind("\tMembers: ", 0) == 0) members = line.substr(10);
  }
  return in_event && done() ? members : std::string();
}

// A tag change on s1 reaches both agents as a member-update; serf monitor shows the
// member with the same fields and values from either agent: Addr bytes, Port, Tags,
// Status and the protocol and delegate versions.
TEST_F(BesideSerf, SerfMonitorShowsTheSameMemberFieldsForARumorAgentAsForSerf) {
  const std::string via_serf = monitor(s1_), via_rumor = monitor(r1_);
  // Both monitors attached (each prints the agent's recent log first).
  ASSERT_TRUE(eventually(
      [&] { return !read_file(via_serf).empty() && !read_file(via_rumor).empty(); }, 10s));
  ASSERT_TRUE(sh(kSerf + " tags " + s1_.rpc_flag() + " -set zone=z1").ok());
  std::string serf_line, rumor_line;
  ASSERT_TRUE(eventually(
      [&] {
        serf_line = update_members_line(read_file(via_serf), "s1");
        rumor_line = update_members_line(read_file(via_rumor), "s1");
        return !serf_line.empty() && !rumor_line.empty();
      },
      20s))
      << "serf monitor of s1:\n"
      << read_file(via_serf) << "\nof r1:\n"
      << read_file(via_rumor);
  EXPECT_NE(serf_line.find("\"Addr\":[]uint8{0x7f, 0x0, 0x0, 0x1}"), std::string::npos)
      << serf_line;
  EXPECT_NE(serf_line.find("\"zone\":\"z1\""), std::string::npos) << serf_line;
  EXPECT_EQ(rumor_line, serf_line) << "rumor's stream, beside serf's own";
}

// `serf info` of a rumor agent has every key serf's has in its agent, runtime and serf
// sections, and rumor's dropped section every reason /metrics counts.
TEST_F(BesideSerf, InfoHasEveryKeySerfsOwnInfoHas) {
  const auto serf = sh(kSerf + " info -format=json " + s1_.rpc_flag());
  const auto rumor = sh(kSerf + " info -format=json " + r1_.rpc_flag());
  ASSERT_TRUE(serf.ok() && rumor.ok()) << serf.output << rumor.output;
  const auto s = nlohmann::json::parse(serf.output), r = nlohmann::json::parse(rumor.output);
  for (const char* section : {"agent", "runtime", "serf"})
    for (const auto& [key, value] : s.at(section).items()) {
      ASSERT_TRUE(r.contains(section)) << section << "\n" << rumor.output;
      EXPECT_TRUE(r[section].contains(key)) << section << "." << key << "\n" << rumor.output;
    }
  EXPECT_EQ(r["serf"]["members"], "2");
  EXPECT_EQ(r["runtime"]["os"], s["runtime"]["os"]);
  EXPECT_EQ(r["runtime"]["arch"], s["runtime"]["arch"]) << "Go's names for the machine";
  for (const char* reason : {"empty", "queue_full", "evicted_for_alive", "queue_full_of_alive",
                             "malformed", "undecryptable"})
    EXPECT_TRUE(r["dropped"].contains(reason)) << reason << "\n" << rumor.output;
}

// Serf's serf.go logs one line per member: "EventMemberJoin: NAME ADDR" (and Leave,
// Failed with the address, Update and Reap without); rumor's agent words them the same.
TEST_F(BesideSerf, MemberEventLogLinesReadAsSerfWritesThem) {
  EXPECT_NE(read_file(file("s1.log")).find("[INFO] serf: EventMemberJoin: r1 127.0.0.1\n"),
            std::string::npos)
      << log(s1_);
  EXPECT_NE(read_file(file("r1.log")).find("[INFO] serf: EventMemberJoin: s1 127.0.0.1\n"),
            std::string::npos)
      << log(r1_);
  ASSERT_TRUE(sh(kSerf + " tags " + s1_.rpc_flag() + " -set zone=z2").ok());
  for (const Agent* a : {&s1_, &r1_})
    EXPECT_TRUE(eventually(
        [&] {
          return read_file(file(a->name + ".log")).find("[INFO] serf: EventMemberUpdate: s1\n") !=
                 std::string::npos;
        },
        20s))
        << log(*a);
}

}  // namespace
