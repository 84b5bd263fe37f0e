// Where the rumor binary under test is, for tests that run it as a process. The path is
// compiled into one small library (rumor_bin.cpp), not into every test unit's flags:
// an absolute path in a unit's flags makes each clone's build miss the compiler cache.
#pragma once

namespace rumor::test {

const char* rumor_bin() noexcept;

}  // namespace rumor::test
