// Go's duration syntax, as Serf's flags and config files use it: "30s", "1h30m",
// "500ms", "1.5h", "0". A bare number is taken as seconds (Serf's own older keys).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace rumor::agent {

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);
std::string format_duration(std::chrono::milliseconds d);  // "1h30m0s"-style, as Go prints

}  // namespace rumor::agent
