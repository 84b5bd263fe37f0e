// The atomic write: the file appears whole, a failed write leaves no temporary behind.
#include "plot/write_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace rumor::plot {
namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(WriteFileAtomically, ReplacesTheFileAndLeavesNoTemporary) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("rumor-plot-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = (dir / "chart.svg").string();
  EXPECT_EQ(write_file_atomically(path, "first"), "");
  EXPECT_EQ(write_file_atomically(path, "second"), "");
  EXPECT_EQ(slurp(path), "second");
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  std::filesystem::remove_all(dir);
}

TEST(WriteFileAtomically, ReportsAMissingDirectory) {
  const std::string err = write_file_atomically("/nonexistent-dir-rumor/x.svg", "x");
  EXPECT_NE(err.find("x.svg.tmp"), std::string::npos) << err;
}

}  // namespace
}  // namespace rumor::plot
