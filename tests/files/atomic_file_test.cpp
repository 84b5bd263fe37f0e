// Writing files atomically: the file appears whole, a failed write leaves nothing behind
// and says where, and temporaries of writers killed mid-write are cleaned up.
#include "files/atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace rumor::files {
namespace {

namespace fs = std::filesystem;

class AtomicFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("rumor-files-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::size_t entries() const {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_)) ++n;
    return n;
  }
  void touch(const std::string& name) const { std::ofstream(dir_ / name) << "partial"; }
  fs::path dir_;
};

// A process id that no longer runs: a child that has exited and been reaped.
pid_t dead_pid() {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return pid;
}

TEST_F(AtomicFile, AWriteReplacesTheWholeFileAndLeavesNoTemporary) {
  const std::string p = (dir_ / "state.json").string();
  ASSERT_EQ(write_file_atomically(p, "first"), "");
  ASSERT_EQ(write_file_atomically(p, "second, longer"), "");
  std::string err;
  EXPECT_EQ(read_whole_file(p, err), "second, longer");
  EXPECT_EQ(err, "");
  EXPECT_EQ(entries(), 1u) << "no temporary file is left behind";
}

TEST_F(AtomicFile, AWriteIntoAMissingDirectoryFailsAndSaysWhere) {
  const std::string p = (dir_ / "no" / "such" / "state.json").string();
  const std::string err = write_file_atomically(p, "x");
  EXPECT_NE(err.find("create"), std::string::npos) << err;
  EXPECT_NE(err.find("state.json"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(p));
}

TEST_F(AtomicFile, ReadingAMissingFileIsAnErrorNamingIt) {
  std::string err;
  EXPECT_EQ(read_whole_file((dir_ / "absent").string(), err), "");
  EXPECT_NE(err.find("absent"), std::string::npos) << err;
}

TEST_F(AtomicFile, AnOutputPathInAMissingDirectoryIsNamedBeforeAnyWork) {
  EXPECT_EQ(output_path_error((dir_ / "chart.svg").string()), "");
  EXPECT_NE(output_path_error((dir_ / "nope" / "chart.svg").string()).find("nope"),
            std::string::npos);
  EXPECT_EQ(output_path_error(""), "no file name");
}

TEST_F(AtomicFile, OnlyTemporariesOfWritersThatAreGoneAreRemoved) {
  const std::string target = (dir_ / "snapshot.json").string();
  const std::string dead = ".snapshot.json.tmp-" + std::to_string(dead_pid()) + "-42";
  const std::string mine = ".snapshot.json.tmp-" + std::to_string(::getpid()) + "-7";
  const std::string other_file = ".keyring.json.tmp-" + std::to_string(dead_pid()) + "-1";
  const std::string odd = ".snapshot.json.tmp-notapid";
  for (const auto& n : {dead, mine, other_file, odd}) touch(n);
  ASSERT_EQ(write_file_atomically(target, "{}"), "");
  EXPECT_EQ(remove_stale_temporaries(target), 1u);
  EXPECT_FALSE(fs::exists(dir_ / dead));
  EXPECT_TRUE(fs::exists(dir_ / mine)) << "a writer that still runs may be mid-write";
  EXPECT_TRUE(fs::exists(dir_ / other_file)) << "another file's temporaries are not ours";
  EXPECT_TRUE(fs::exists(dir_ / odd));
  EXPECT_TRUE(fs::exists(target));
}

// Charts and other shared output get the mode any new file gets under the umask;
// state that may hold secrets (keyrings, snapshots) stays readable by its owner only.
TEST_F(AtomicFile, SharedOutputGetsTheUmasksModeAndPrivateStateStaysOwnerOnly) {
  const auto mode = [](const fs::path& p) { return fs::status(p).permissions() & fs::perms::all; };
  const mode_t saved = ::umask(022);
  const fs::path chart = dir_ / "chart.svg", ring = dir_ / "keyring.json";
  EXPECT_EQ(write_file_atomically(chart.string(), "<svg/>", Access::as_umask), "");
  EXPECT_EQ(write_file_atomically(ring.string(), "[]"), "");
  const auto chart_022 = mode(chart), ring_022 = mode(ring);
  ::umask(027);
  EXPECT_EQ(write_file_atomically(chart.string(), "<svg></svg>", Access::as_umask), "");
  const auto chart_027 = mode(chart);
  ::umask(saved);
  using fs::perms;
  EXPECT_EQ(chart_022, perms::owner_read | perms::owner_write | perms::group_read |
                           perms::others_read);                                      // 0644
  EXPECT_EQ(chart_027, perms::owner_read | perms::owner_write | perms::group_read);  // 0640
  EXPECT_EQ(ring_022, perms::owner_read | perms::owner_write);                       // 0600
}

}  // namespace
}  // namespace rumor::files
