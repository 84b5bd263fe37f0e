// rumor: the command-line front end. Each subcommand registers itself from its own file.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <string_view>

#include "cli/agent_command.hpp"
#include "cli/client_commands.hpp"
#include "cli/converge_command.hpp"
#include "cli/demo_command.hpp"
#include "cli/epidemic_command.hpp"
#include "cli/sim_command.hpp"
#include "cli/websim_command.hpp"

int main(int argc, char** argv) {
  // `rumor agent` takes Serf's Go-style flags (-node=a), which CLI11 does not parse.
  if (argc >= 2 && std::string_view(argv[1]) == "agent")
    return rumor::cli::run_agent(argc - 2, argv + 2);
  if (argc >= 2 && std::string_view(argv[1]) == "demo")
    return rumor::cli::run_demo(argc - 2, argv + 2);
  // The client subcommands (members, join, query, ...) take Serf's Go-style flags too.
  if (argc >= 2 && rumor::cli::is_client_command(argv[1]))
    return rumor::cli::run_client_command(argv[1], argc - 2, argv + 2);
  // `rumor sim epidemic` parses its own flags: `rumor sim`'s required scenario positional
  // would take the word "epidemic" before CLI11 could see it as a subcommand.
  if (argc >= 3 && std::string_view(argv[1]) == "sim" && std::string_view(argv[2]) == "epidemic")
    return rumor::cli::run_epidemic(argc - 2, argv + 2);
  if (argc >= 3 && std::string_view(argv[1]) == "sim" && std::string_view(argv[2]) == "converge")
    return rumor::cli::run_converge(argc - 2, argv + 2);
  if (argc >= 3 && std::string_view(argv[1]) == "sim" && std::string_view(argv[2]) == "serve")
    return rumor::cli::run_websim(argc - 2, argv + 2);
  CLI::App app{"rumor: SWIM + Lifeguard gossip membership (memberlist-compatible)", "rumor"};
  app.require_subcommand(1);
  app.footer(rumor::cli::client_commands_summary());
  // Parsed above with their own flags; listed here so that --help names them.
  app.add_subcommand("agent", "Runs an agent, a drop-in for `serf agent` (rumor agent -h)");
  app.add_subcommand("demo", "Starts a local cluster and narrates gossip at work (rumor demo -h)");
  rumor::cli::add_sim_command(app);
  // `rumor help [command]`, as `serf` has none but people type it.
  if (argc >= 2 && std::string_view(argv[1]) == "help") {
    if (argc >= 3) {
      const std::string cmd = argv[2];
      if (cmd == "agent" || cmd == "demo" || rumor::cli::is_client_command(cmd)) {
        char help_flag[] = "-h";
        char* sub_argv[] = {help_flag, nullptr};
        if (cmd == "agent") return rumor::cli::run_agent(1, sub_argv);
        if (cmd == "demo") return rumor::cli::run_demo(1, sub_argv);
        return rumor::cli::run_client_command(cmd, 1, sub_argv);
      }
      if (cmd != "sim") {
        std::fprintf(stderr, "rumor help: unknown command '%s'\n\n%s", cmd.c_str(),
                     app.help().c_str());
        return 2;
      }
      std::printf("%s", app.get_subcommand("sim")->help().c_str());
      return 0;
    }
    std::printf("%s", app.help().c_str());
    return 0;
  }
  // A word that names no command: say which, and list the ones there are.
  if (argc >= 2 && argv[1][0] != '-' && std::string_view(argv[1]) != "sim") {
    std::fprintf(stderr, "rumor: unknown command '%s'\n\n%s", argv[1], app.help().c_str());
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Usage errors exit with status 2 (CLI11 would use its own codes).
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  return rumor::cli::exit_code();
}
