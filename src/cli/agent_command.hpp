// `rumor agent`: runs the agent with Serf's flags until SIGINT/SIGTERM (graceful leave)
// or an RPC leave.
#pragma once

namespace rumor::cli {
int run_agent(int argc, char** argv);  // argv without "rumor agent"
}
