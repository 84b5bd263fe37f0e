#include "websim/server.hpp"

namespace rumor::websim {

Server::Server(http::ServerOptions opt, Limits limits) : api_(limits) {
  http_ = std::make_unique<http::Server>(
      std::move(opt),
      [this](const http::Request& req, http::Exchange& ex) { api_.handle(req, ex, ""); });
}

}  // namespace rumor::websim
