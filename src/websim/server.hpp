// The web simulator on its own HTTP server: what `rumor sim serve` runs. The page is at
// "/", the API under "/api/".
#pragma once

#include <memory>
#include <string>

#include "http/server.hpp"
#include "websim/api.hpp"

namespace rumor::websim {

class Server {
 public:
  // Binds and serves (http::Server's rules: loopback, or a token).
  Server(http::ServerOptions opt, Limits limits = {});
  std::uint16_t port() const { return http_->port(); }
  std::string url() const { return "http://" + http_->address() + "/"; }
  Api& api() { return api_; }
  void stop() { http_->stop(); }

 private:
  Api api_;
  std::unique_ptr<http::Server> http_;
};

}  // namespace rumor::websim
