// Time as the core sees it: a duration since an arbitrary epoch chosen by the shell.
// The core never reads a clock; every input carries `now`.
#pragma once

#include <chrono>
#include <cstdint>
#include <limits>

#include <rumor/export.hpp>

RUMOR_PUBLIC_BEGIN
namespace rumor::core {

using Duration = std::chrono::microseconds;
using Time = std::chrono::microseconds;  // since the shell's epoch

inline constexpr Time kNever = Time::max();

using namespace std::chrono_literals;

}  // namespace rumor::core
RUMOR_PUBLIC_END
