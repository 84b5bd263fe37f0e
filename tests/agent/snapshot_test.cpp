// The agent's snapshot file: its format, and that no crash or full disk can leave a
// file the agent cannot start from.
#include "agent/snapshot.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "files/atomic_file.hpp"

namespace rumor::agent {
namespace {

namespace fs = std::filesystem;

Snapshot sample(std::uint64_t n) {
  Snapshot s;
  s.member_clock = n;
  s.event_clock = n * 2;
  s.query_clock = n * 3;
  for (std::uint64_t i = 0; i < 50; ++i)
    s.alive.push_back({"node-" + std::to_string(i), "127.0.0.1:" + std::to_string(7000 + i)});
  return s;
}

class SnapshotFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("rumor-snapshot-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "snapshot.json").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  std::string path_;
};

TEST_F(SnapshotFile, RoundTripsEveryField) {
  Snapshot s = sample(7);
  s.left = true;
  ASSERT_EQ(write_snapshot(path_, s), "");
  Snapshot back;
  bool found = false;
  ASSERT_EQ(read_snapshot(path_, back, found), "");
  EXPECT_TRUE(found);
  EXPECT_EQ(back, s);
}

TEST_F(SnapshotFile, AMissingFileIsNoSnapshotAndNoError) {
  Snapshot s;
  bool found = true;
  EXPECT_EQ(read_snapshot(path_, s, found), "");
  EXPECT_FALSE(found);
}

TEST_F(SnapshotFile, GarbageAndWrongShapesAreErrorsNotCrashes) {
  for (const char* text :
       {"", "{", "[]", R"({"version": 2})", R"({"version": 1, "member_clock": "x"})",
        R"({"version": 1, "member_clock": 1, "event_clock": 1,
                               "query_clock": 1, "left": false, "alive": [{"name": 3}]})"}) {
    std::ofstream(path_, std::ios::trunc) << text;
    Snapshot s;
    bool found = false;
    EXPECT_NE(read_snapshot(path_, s, found), "") << text;
  }
}

// A writer process rewriting the snapshot as fast as it can is killed with SIGKILL at
// random moments, again and again; after every kill the file must still decode.
TEST_F(SnapshotFile, KillNineWhileWritingNeverLeavesAnUnreadableFile) {
  ASSERT_EQ(write_snapshot(path_, sample(0)), "");
  std::mt19937 rng(42);
  for (int round = 0; round < 25; ++round) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      for (std::uint64_t n = 1;; ++n) write_snapshot(path_, sample(n));
    }
    std::this_thread::sleep_for(std::chrono::microseconds(500 + rng() % 20000));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    Snapshot s;
    bool found = false;
    ASSERT_EQ(read_snapshot(path_, s, found), "") << "after kill " << round;
    ASSERT_TRUE(found);
    EXPECT_EQ(s.alive.size(), 50u);
    EXPECT_EQ(s.event_clock, s.member_clock * 2) << "fields from one write, not two";
  }
}

// A full disk (here: a file size limit, which fails write() the same way) makes the
// write fail with an error and leaves the previous snapshot in place.
TEST_F(SnapshotFile, AFullDiskKeepsThePreviousSnapshot) {
  ASSERT_EQ(write_snapshot(path_, sample(1)), "");
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::signal(SIGXFSZ, SIG_IGN);
    rlimit lim{64, 64};
    ::setrlimit(RLIMIT_FSIZE, &lim);
    const std::string err = write_snapshot(path_, sample(2));
    ::_exit(err.empty() ? 1 : 0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "the write reported its failure";
  Snapshot s;
  bool found = false;
  ASSERT_EQ(read_snapshot(path_, s, found), "");
  EXPECT_EQ(s, sample(1));
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_)) ++files;
  EXPECT_EQ(files, 1u) << "the failed temporary file was removed";
}

}  // namespace
}  // namespace rumor::agent
