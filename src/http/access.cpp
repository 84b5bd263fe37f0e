#include "http/access.hpp"

#include <algorithm>
#include <asio/ip/address.hpp>
#include <cctype>

namespace rumor::http {

bool is_loopback_address(const std::string& host) {
  asio::error_code ec;
  const auto a = asio::ip::make_address(host, ec);
  if (ec) return false;
  if (a.is_v4()) return a.to_v4().is_loopback();
  const auto v6 = a.to_v6();
  if (v6.is_loopback()) return true;
  if (v6.is_v4_mapped()) return asio::ip::make_address_v4(asio::ip::v4_mapped, v6).is_loopback();
  return false;
}

bool loopback_host(const Request& req, const std::string& listen_host) {
  const auto* h = req.header("host");
  if (!h) return req.minor == 0;  // HTTP/1.0 may leave it out; 1.1 cannot (parser)
  std::string_view host = *h;
  if (host.starts_with('[')) {
    const auto close = host.find(']');
    if (close == std::string_view::npos) return false;
    host = host.substr(1, close - 1);
  } else if (const auto colon = host.find(':'); colon != std::string_view::npos) {
    host = host.substr(0, colon);
  }
  std::string name(host);
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (name.ends_with('.')) name.pop_back();
  return name == "localhost" || name.ends_with(".localhost") || is_loopback_address(name) ||
         name == listen_host;
}

bool authorized(const Request& req, const std::string& token) {
  if (token.empty()) return true;
  if (const auto* h = req.header("authorization")) {
    std::string_view v = *h;
    if (v.size() > 7 && (v.substr(0, 7) == "Bearer " || v.substr(0, 7) == "bearer ")) {
      v.remove_prefix(7);
      while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
      if (constant_time_equal(v, token)) return true;
    }
  }
  if (auto q = req.query_param("token")) return constant_time_equal(*q, token);
  return false;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  const std::size_t n = std::max(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const auto x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    const auto y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff = static_cast<unsigned char>(diff | (x ^ y));
  }
  return diff == 0;
}

}  // namespace rumor::http
