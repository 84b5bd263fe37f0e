// `rumor demo`: a local cluster of agents with a narration; see demo_command.cpp.
#pragma once

namespace rumor::cli {

// argv: the arguments after "demo".
int run_demo(int argc, char** argv);

}  // namespace rumor::cli
