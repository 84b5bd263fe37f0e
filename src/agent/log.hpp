// The agent's log: levels as Serf names them (TRACE, DEBUG, INFO, WARN, ERR), lines to
// stderr at or above the configured level, and to `serf monitor` subscribers at theirs.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace rumor::agent {

enum class LogLevel : std::uint8_t { trace, debug, info, warn, err };
std::optional<LogLevel> parse_log_level(std::string_view name);  // case-insensitive

class Log {
 public:
  explicit Log(LogLevel level = LogLevel::info) : level_(level) {}
  void set_level(LogLevel l);
  void write(LogLevel l, std::string_view component, std::string_view msg);
  void info(std::string_view c, std::string_view m) { write(LogLevel::info, c, m); }
  void warn(std::string_view c, std::string_view m) { write(LogLevel::warn, c, m); }
  void error(std::string_view c, std::string_view m) { write(LogLevel::err, c, m); }
  void debug(std::string_view c, std::string_view m) { write(LogLevel::debug, c, m); }

  // Subscribers must not block; they run under the log's lock.
  std::uint64_t subscribe(LogLevel min, std::function<void(const std::string&)> cb);
  void unsubscribe(std::uint64_t token);

 private:
  std::mutex mu_;
  LogLevel level_;
  std::uint64_t next_token_ = 1;
  std::map<std::uint64_t, std::pair<LogLevel, std::function<void(const std::string&)>>> subs_;
};

}  // namespace rumor::agent
