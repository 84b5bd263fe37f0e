// Agent configuration files: Serf's key names, merge order, and errors that name the
// file and the key. Also the Go duration syntax and atomic writes they rely on.
#include "agent/config_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "agent/duration.hpp"
#include "files/atomic_file.hpp"

namespace rumor::agent {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

class ConfigFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("rumor-config-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    const auto p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p.string();
  }
  fs::path dir_;
};

TEST_F(ConfigFiles, SerfKeysSetTheirOptions) {
  const auto f = write("a.json", R"({
    "node_name": "n1", "bind": "127.0.0.1:8000", "advertise": "10.0.0.1:8000",
    "start_join": ["127.0.0.1:7000"], "retry_join": ["h:1"], "retry_interval": "1m30s",
    "retry_max": 3, "replay_on_join": true, "tags": {"role": "web"}, "profile": "wan",
    "event_handlers": ["user:deploy=/bin/true"], "rpc_addr": "127.0.0.1:9000",
    "rpc_auth": "s3cret", "log_level": "debug", "leave_on_terminate": false,
    "skip_leave_on_interrupt": true, "reconnect_interval": "10s", "reconnect_timeout": "1h",
    "tombstone_timeout": "2h", "query_response_size_limit": 2048, "query_size_limit": 4096,
    "user_event_size_limit": 256, "tags_file": "/tmp/t.json", "snapshot_path": "/tmp/s",
    "rejoin_after_leave": true})");
  AgentConfig c;
  ASSERT_EQ(load_config_paths({f}, c), "");
  EXPECT_EQ(c.node_name, "n1");
  EXPECT_EQ(c.bind, "127.0.0.1:8000");
  EXPECT_EQ(c.advertise, "10.0.0.1:8000");
  EXPECT_EQ(c.join, std::vector<std::string>{"127.0.0.1:7000"});
  EXPECT_EQ(c.retry_join, std::vector<std::string>{"h:1"});
  EXPECT_EQ(c.retry_interval, milliseconds(90'000));
  EXPECT_EQ(c.retry_max, 3);
  EXPECT_TRUE(c.replay);
  EXPECT_EQ(c.tags, (Tags{{"role", "web"}}));
  EXPECT_EQ(c.profile, core::Profile::wan);
  EXPECT_EQ(c.event_handlers, std::vector<std::string>{"user:deploy=/bin/true"});
  EXPECT_EQ(c.rpc_addr, "127.0.0.1:9000");
  EXPECT_EQ(c.rpc_auth, "s3cret");
  EXPECT_EQ(c.log_level, "debug");
  EXPECT_FALSE(c.leave_on_terminate);
  EXPECT_TRUE(c.skip_leave_on_interrupt);
  EXPECT_EQ(c.reconnect_interval, milliseconds(10'000));
  EXPECT_EQ(c.reconnect_timeout, milliseconds(3'600'000));
  EXPECT_EQ(c.tombstone_timeout, milliseconds(7'200'000));
  EXPECT_EQ(c.query_response_size_limit, 2048u);
  EXPECT_EQ(c.query_size_limit, 4096u);
  EXPECT_EQ(c.user_event_size_limit, 256u);
  EXPECT_EQ(c.tags_file, "/tmp/t.json");
  EXPECT_EQ(c.snapshot_path, "/tmp/s");
  EXPECT_TRUE(c.rejoin_after_leave);
}

// Not Serf's: eager gossip (on unless turned off) and the lan-fast profile.
TEST_F(ConfigFiles, RumorKeysEagerGossipAndLanFast) {
  AgentConfig c;
  EXPECT_TRUE(c.eager_gossip);
  ASSERT_EQ(
      load_config_paths({write("r.json", R"({"eager_gossip": false, "profile": "lan-fast"})")}, c),
      "");
  EXPECT_FALSE(c.eager_gossip);
  EXPECT_EQ(c.profile, core::Profile::lan_fast);
}

TEST_F(ConfigFiles, UnknownKeyIsAnErrorNamingFileAndKey) {
  const auto f = write("bad.json", R"({"node_name": "n", "nodename": "typo"})");
  AgentConfig c;
  EXPECT_EQ(load_config_paths({f}, c), f + ": unknown key 'nodename'");
}

TEST_F(ConfigFiles, BadValuesAreErrorsNamingFileAndKey) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"retry_max": "three"})", "retry_max"},
      {R"({"retry_max": -1})", "retry_max"},
      {R"({"retry_interval": "soon"})", "retry_interval"},
      {R"({"tags": {"a": 1}})", "tags"},
      {R"({"tags": ["a"]})", "tags"},
      {R"({"profile": "moon"})", "profile"},
      {R"({"log_level": "chatty"})", "log_level"},
      {R"({"start_join": "127.0.0.1"})", "start_join"},
      {R"({"event_handlers": ["bogus-event=/bin/true"]})", "event_handlers"},
      {R"({"leave_on_terminate": "yes"})", "leave_on_terminate"},
      {R"({"eager_gossip": "on"})", "eager_gossip"},
      {R"({"query_size_limit": 0})", "query_size_limit"},
  };
  for (const auto& [text, key] : cases) {
    const auto f = write("v.json", text);
    AgentConfig c;
    const std::string err = load_config_paths({f}, c);
    EXPECT_EQ(err.rfind(f + ": key '" + key + "': ", 0), 0u) << text << " gave: " << err;
  }
}

TEST_F(ConfigFiles, MalformedJsonAndMissingFilesAreErrors) {
  AgentConfig c;
  const auto f = write("broken.json", R"({"node_name": )");
  EXPECT_NE(load_config_paths({f}, c).find(f + ": not valid JSON"), std::string::npos);
  const auto arr = write("array.json", R"(["x"])");
  EXPECT_EQ(load_config_paths({arr}, c), arr + ": expected a JSON object at the top level");
  const std::string missing = (dir_ / "nope.json").string();
  EXPECT_EQ(load_config_paths({missing}, c).rfind(missing + ": open", 0), 0u);
}

TEST_F(ConfigFiles, DirectoryFilesApplyInLexicalOrderLaterWinning) {
  write("conf.d/20-b.json", R"({"node_name": "second", "tags": {"b": "2"}})");
  write("conf.d/10-a.json", R"({"node_name": "first", "tags": {"a": "1", "b": "1"}})");
  write("conf.d/ignored.txt", R"(not json at all)");
  AgentConfig c;
  ASSERT_EQ(load_config_paths({(dir_ / "conf.d").string()}, c), "");
  EXPECT_EQ(c.node_name, "second");
  EXPECT_EQ(c.tags, (Tags{{"a", "1"}, {"b", "2"}})) << "tags merge key by key";
}

TEST_F(ConfigFiles, ListsAppendAcrossFiles) {
  const auto a = write("a.json", R"({"start_join": ["x:1"], "event_handlers": ["/bin/a"]})");
  const auto b = write("b.json", R"({"start_join": ["y:2"], "event_handlers": ["/bin/b"]})");
  AgentConfig c;
  ASSERT_EQ(load_config_paths({a, b}, c), "");
  EXPECT_EQ(c.join, (std::vector<std::string>{"x:1", "y:2"}));
  EXPECT_EQ(c.event_handlers, (std::vector<std::string>{"/bin/a", "/bin/b"}));
}

TEST_F(ConfigFiles, TagsFileRoundTripsAndRejectsNonStrings) {
  const std::string p = (dir_ / "tags.json").string();
  ASSERT_EQ(write_tags_file(p, {{"role", "db"}, {"zone", "z1"}}), "");
  Tags t;
  ASSERT_EQ(read_tags_file(p, t), "");
  EXPECT_EQ(t, (Tags{{"role", "db"}, {"zone", "z1"}}));
  write("bad-tags.json", R"({"role": 5})");
  EXPECT_NE(read_tags_file((dir_ / "bad-tags.json").string(), t), "");
}

TEST(Duration, ParsesGoSyntax) {
  EXPECT_EQ(parse_duration("30s"), milliseconds(30'000));
  EXPECT_EQ(parse_duration("1h30m"), milliseconds(5'400'000));
  EXPECT_EQ(parse_duration("500ms"), milliseconds(500));
  EXPECT_EQ(parse_duration("1.5h"), milliseconds(5'400'000));
  EXPECT_EQ(parse_duration("0"), milliseconds(0));
  EXPECT_EQ(parse_duration("45"), milliseconds(45'000)) << "a bare number is seconds";
  for (const char* bad : {"", "s", "10x", "1h-5m", "abc", "1..2s"})
    EXPECT_FALSE(parse_duration(bad)) << bad;
}

TEST(Duration, FormatsAsGoPrints) {
  EXPECT_EQ(format_duration(milliseconds(5'400'000)), "1h30m0s");
  EXPECT_EQ(format_duration(milliseconds(1'500)), "1.5s");
  EXPECT_EQ(format_duration(milliseconds(250)), "250ms");
  EXPECT_EQ(format_duration(milliseconds(0)), "0s");
}

}  // namespace
}  // namespace rumor::agent
