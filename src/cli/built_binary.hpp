// Where the rumor binary of this build is, for the tests and benchmarks that run it as a
// process. The path is compiled into one small library (built_binary.cpp), not into
// every caller's flags: an absolute path in a unit's flags makes each clone's build
// miss the compiler cache.
#pragma once

namespace rumor::cli {

const char* built_binary() noexcept;

}  // namespace rumor::cli
