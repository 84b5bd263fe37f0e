// Routes one part of a program owns, served by another's server under a path prefix:
// the web simulator under the agent's /sim. A request whose path is prefix + "/..." goes
// to `handle`, whatever its method; the owner applies its own rules.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "http/request.hpp"
#include "http/server.hpp"

namespace rumor::http {

struct Mount {
  std::string prefix;  // "/sim": no trailing slash
  std::function<void(const Request&, Exchange&)> handle;

  bool covers(std::string_view path) const noexcept {
    return path.size() > prefix.size() && path.starts_with(prefix) && path[prefix.size()] == '/';
  }
};

}  // namespace rumor::http
