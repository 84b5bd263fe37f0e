// `rumor sim serve [--addr 127.0.0.1:7390] [--token T]`: the web gossip simulator
// (docs/websim.md) on its own HTTP server, until SIGINT or SIGTERM.
#pragma once

namespace rumor::cli {

// argv[0] is "serve"; returns the process exit status (2 for usage errors).
int run_websim(int argc, char** argv);

}  // namespace rumor::cli
