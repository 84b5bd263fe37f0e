#include "plot/write_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace rumor::plot {

std::string write_file_atomically(const std::string& path, std::string_view content) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return tmp + ": " + std::strerror(errno);
  auto fail = [&](const std::string& what) {
    const std::string msg = tmp + ": " + what + ": " + std::strerror(errno);
    ::close(fd);
    ::unlink(tmp.c_str());
    return msg;
  };
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("write");
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) return fail("fsync");
  if (::close(fd) != 0) {
    const std::string msg = tmp + ": close: " + std::strerror(errno);
    ::unlink(tmp.c_str());
    return msg;
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string msg = path + ": rename: " + std::strerror(errno);
    ::unlink(tmp.c_str());
    return msg;
  }
  return {};
}

std::string output_path_error(const std::string& path) {
  if (path.empty()) return "no file name";
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!dir.empty() && !std::filesystem::is_directory(dir, ec))
    return "no directory '" + dir.string() + "'";
  return {};
}

}  // namespace rumor::plot
