#include "agent/log.hpp"

#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace rumor::agent {

namespace {
const char* tag(LogLevel l) {
  switch (l) {
    case LogLevel::trace:
      return "TRACE";
    case LogLevel::debug:
      return "DEBUG";
    case LogLevel::info:
      return "INFO";
    case LogLevel::warn:
      return "WARN";
    case LogLevel::err:
      return "ERR";
  }
  return "?";
}
}  // namespace

std::optional<LogLevel> parse_log_level(std::string_view name) {
  std::string up;
  for (char c : name) up += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (up == "TRACE") return LogLevel::trace;
  if (up == "DEBUG") return LogLevel::debug;
  if (up == "INFO") return LogLevel::info;
  if (up == "WARN") return LogLevel::warn;
  if (up == "ERR" || up == "ERROR") return LogLevel::err;
  return std::nullopt;
}

void Log::set_level(LogLevel l) {
  std::lock_guard lock(mu_);
  level_ = l;
}

void Log::write(LogLevel l, std::string_view component, std::string_view msg) {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  ::localtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y/%m/%d %H:%M:%S", &tm);
  std::string line =
      std::string(stamp) + " [" + tag(l) + "] " + std::string(component) + ": " + std::string(msg);
  std::lock_guard lock(mu_);
  if (l >= level_) std::fprintf(stderr, "%s\n", line.c_str());
  for (auto& [token, sub] : subs_)
    if (l >= sub.first) sub.second(line);
}

std::uint64_t Log::subscribe(LogLevel min, std::function<void(const std::string&)> cb) {
  std::lock_guard lock(mu_);
  const std::uint64_t t = next_token_++;
  subs_.emplace(t, std::make_pair(min, std::move(cb)));
  return t;
}

void Log::unsubscribe(std::uint64_t token) {
  std::lock_guard lock(mu_);
  subs_.erase(token);
}

}  // namespace rumor::agent
