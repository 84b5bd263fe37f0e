// Encrypted gossip with real serf agents: a mixed cluster sharing a key, a full key
// rotation driven through a rumor agent without losing a member, and a node with the
// wrong key kept out, its packets dropped and counted.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

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
const std::string kKey1 = "SGVsbG9SdW1vclRlc3RLZXkzMkJ5dGVzTG9uZyEhISE=";  // 32 bytes
const std::string kKey2 = "c2l4dGVlbiBieXRlIGtleQ==";                      // 16 bytes

struct Agent {
  std::string name;
  bool is_rumor = false;
  std::uint16_t gossip = 0, rpc = 0;
  std::unique_ptr<ChildProcess> proc;
  std::string rpc_flag() const { return "-rpc-addr=127.0.0.1:" + std::to_string(rpc); }
};

class Encrypted : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("rumor-encrypted-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    cursor_ = static_cast<std::uint16_t>(16000 + (::getpid() % 300) * 40);
    for (const auto& [name, rumor] :
         {std::pair{"s1", false}, {"r1", true}, {"s2", false}, {"r2", true}}) {
      Agent a;
      a.name = name;
      a.is_rumor = rumor;
      a.gossip = rumor::net::take_loopback_port(cursor_);
      a.rpc = rumor::net::take_loopback_port(cursor_);
      agents_.push_back(std::move(a));
    }
    start(agents_[0], {"-encrypt=" + kKey1});
    ASSERT_TRUE(eventually([&] { return alive_seen_by(agents_[0]) == 1; }, 20s));
    for (std::size_t i = 1; i < agents_.size(); ++i)
      start(agents_[i], {"-encrypt=" + kKey1, join_flag()});
    ASSERT_TRUE(eventually(
        [&] {
          for (auto& a : agents_)
            if (alive_seen_by(a) != 4) return false;
          return true;
        },
        60s))
        << logs();
  }
  void TearDown() override {
    agents_.clear();
    if (!HasFailure()) fs::remove_all(dir_);
  }
  std::string file(const std::string& n) const { return (dir_ / n).string(); }
  std::string join_flag() const { return "-join=127.0.0.1:" + std::to_string(agents_[0].gossip); }
  void start(Agent& a, const std::vector<std::string>& extra) {
    std::vector<std::string> argv = {a.is_rumor ? std::string(::rumor::cli::built_binary()) : kSerf,
                                     "agent",
                                     "-node=" + a.name,
                                     "-bind=127.0.0.1:" + std::to_string(a.gossip),
                                     a.rpc_flag(),
                                     "-profile=lan",
                                     "-event-handler",
                                     "user=cat >> " + file(a.name + ".events")};
    argv.insert(argv.end(), extra.begin(), extra.end());
    a.proc = std::make_unique<ChildProcess>(argv, file(a.name + ".log"));
  }
  static int alive_seen_by(const Agent& a) {
    const auto r = sh(kSerf + " members -status=alive " + a.rpc_flag());
    if (!r.ok()) return -1;
    return static_cast<int>(std::count(r.output.begin(), r.output.end(), '\n'));
  }
  bool everyone_sees_all_alive() {
    for (auto& a : agents_)
      if (alive_seen_by(a) != 4) return false;
    return true;
  }
  // `serf keys -list` through `a` (serf 0.8.2 prints "KEY  [n/m]" lines; it has no
  // -format): key -> how many members hold it.
  std::map<std::string, int> keys_via(const Agent& a) {
    std::map<std::string, int> out;
    const auto r = sh(kSerf + " keys -list " + a.rpc_flag(), 30s);
    std::istringstream in(r.output);
    std::string key, count;
    for (std::string line; std::getline(in, line);) {
      std::istringstream words(line);
      if (words >> key >> count && count.size() > 2 && count.front() == '[')
        out[key] = std::stoi(count.substr(1));
    }
    return out;
  }
  std::string logs() const {
    std::string out;
    for (const auto& a : agents_) {
      const auto l = read_file(file(a.name + ".log"));
      out += a.name + ": " + l.substr(l.size() > 800 ? l.size() - 800 : 0) + "\n";
    }
    return out;
  }

  fs::path dir_;
  std::uint16_t cursor_ = 0;
  std::vector<Agent> agents_;
};

TEST_F(Encrypted, MixedClusterSharesOneKeyAndEventsFlowBothWays) {
  EXPECT_EQ(keys_via(agents_[1]), (std::map<std::string, int>{{kKey1, 4}}));
  for (const std::string from : {"s1", "r1"}) {
    const Agent& a = from == "s1" ? agents_[0] : agents_[1];
    ASSERT_TRUE(sh(kSerf + " event -coalesce=false " + a.rpc_flag() + " e from-" + from).ok());
  }
  for (const auto& a : agents_)
    EXPECT_TRUE(eventually(
        [&] {
          const auto got = read_file(file(a.name + ".events"));
          return got.find("from-s1") != std::string::npos &&
                 got.find("from-r1") != std::string::npos;
        },
        20s))
        << a.name << ": " << read_file(file(a.name + ".events"));
  const auto info = sh(kSerf + " info -format=json " + agents_[1].rpc_flag());
  EXPECT_NE(info.output.find("\"encrypted\": \"true\""), std::string::npos) << info.output;
}

TEST_F(Encrypted, AFullKeyRotationThroughARumorAgentLosesNoMember) {
  const Agent& via = agents_[1];  // r1 drives it; serf agents answer the queries
  ASSERT_TRUE(sh(kSerf + " keys -install " + kKey2 + " " + via.rpc_flag(), 30s).ok()) << logs();
  EXPECT_EQ(keys_via(via), (std::map<std::string, int>{{kKey1, 4}, {kKey2, 4}}));
  ASSERT_TRUE(sh(kSerf + " keys -use " + kKey2 + " " + via.rpc_flag(), 30s).ok()) << logs();
  ASSERT_TRUE(sh(kSerf + " keys -remove " + kKey1 + " " + via.rpc_flag(), 30s).ok()) << logs();
  EXPECT_EQ(keys_via(agents_[0]), (std::map<std::string, int>{{kKey2, 4}}))
      << "a serf agent sees every member holding only the new key";
  // Gossip now runs on the new key alone: an event from a serf agent reaches every
  // handler, and nobody was declared failed on the way.
  const auto ev = sh(kSerf + " event -coalesce=false " + agents_[0].rpc_flag() + " e after");
  ASSERT_TRUE(ev.ok());
  for (const auto& a : agents_)
    EXPECT_TRUE(eventually(
        [&] { return read_file(file(a.name + ".events")).find("after") != std::string::npos; },
        20s))
        << a.name;
  EXPECT_TRUE(everyone_sees_all_alive()) << logs();
}

TEST_F(Encrypted, RemovingThePrimaryKeyIsRefused) {
  const auto r = sh(kSerf + " keys -remove " + kKey1 + " " + agents_[1].rpc_flag(), 30s);
  EXPECT_FALSE(r.ok()) << r.output;
  EXPECT_EQ(keys_via(agents_[1]), (std::map<std::string, int>{{kKey1, 4}}));
}

TEST_F(Encrypted, ANodeWithTheWrongKeyCannotJoinAndItsPacketsAreCounted) {
  Agent bad;
  bad.name = "intruder";
  bad.is_rumor = true;
  bad.gossip = rumor::net::take_loopback_port(cursor_);
  bad.rpc = rumor::net::take_loopback_port(cursor_);
  start(bad, {"-encrypt=" + kKey2, join_flag()});
  EXPECT_TRUE(eventually([&] { return bad.proc->exited(); }, 30s))
      << "-join fails, so the agent stops: " << read_file(file("intruder.log"));
  EXPECT_NE(read_file(file("intruder.log")).find("no node answered"), std::string::npos);
  EXPECT_TRUE(everyone_sees_all_alive());
  // The seed is serf; the rumor agents count what they could not decrypt. Send the
  // intruder's traffic to r1 directly: a retry-join keeps knocking.
  start(bad, {"-encrypt=" + kKey2, "-retry-join=127.0.0.1:" + std::to_string(agents_[1].gossip),
              "-retry-interval=1s"});
  EXPECT_TRUE(eventually(
      [&] {
        const auto info = sh(kSerf + " info -format=json " + agents_[1].rpc_flag());
        const auto j = nlohmann::json::parse(info.output, nullptr, false);
        return !j.is_discarded() && j.contains("dropped") &&
               std::stoi(j["dropped"].value("undecryptable", "0")) > 0;
      },
      20s));
  EXPECT_EQ(alive_seen_by(agents_[1]), 4) << "the intruder never became a member";
}

}  // namespace
