#include "agent/event_trace.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>

namespace rumor::agent {

void EventTrace::open(const std::string& node_name) {
  const char* dir = std::getenv("RUMOR_EVENT_TRACE");
  if (!dir || !*dir) return;
  const std::string path = std::string(dir) + "/" + node_name + ".trace";
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
}

EventTrace::~EventTrace() {
  if (fd_ >= 0) ::close(fd_);
}

std::int64_t EventTrace::wall_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void EventTrace::mark(std::string_view stage, std::string_view event,
                      std::string_view detail) const {
  if (fd_ < 0) return;
  std::string line;
  line.reserve(stage.size() + event.size() + detail.size() + 24);
  line.append(stage).append(" ").append(event).append(" ").append(std::to_string(wall_ns()));
  if (!detail.empty()) line.append(" ").append(detail);
  line.push_back('\n');
  [[maybe_unused]] const ssize_t n = ::write(fd_, line.data(), line.size());
}

}  // namespace rumor::agent
