#include "cli/websim_command.hpp"

#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>

#include "net/endpoint.hpp"
#include "websim/server.hpp"

namespace rumor::cli {

int run_websim(int argc, char** argv) {
  CLI::App app{"rumor sim serve: the web gossip simulator (docs/websim.md)"};
  std::string addr = "127.0.0.1:7390", token;
  app.add_option("--addr", addr, "address and port to listen on (port 0: any)")
      ->capture_default_str();
  app.add_option("--token", token, "token the API requires (required off loopback)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  const auto a = net::parse_address(addr, 7390);
  if (!a) {
    std::cerr << "rumor sim serve: --addr: not an address: '" << addr << "'\n";
    return 2;
  }
  http::ServerOptions o;
  o.host = a->ip.to_string();
  o.port = a->port;
  o.token = token;
  o.token_hint = "a token (--token) is required to serve the simulator there";
  // Wait for a signal in this thread: block them before the server's thread starts.
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, nullptr);
  try {
    websim::Server server(o);
    std::cout << "rumor web gossip simulator: " << server.url()
              << (token.empty() ? "" : "?token=" + token) << "\n(Ctrl-C stops it)" << std::endl;
    int sig = 0;
    sigwait(&sigs, &sig);
    server.stop();
  } catch (const std::exception& e) {
    std::cerr << "rumor sim serve: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace rumor::cli
