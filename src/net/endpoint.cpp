// Address conversions and "host:port" parsing; see endpoint.hpp.
#include "net/endpoint.hpp"

#include <asio/io_context.hpp>
#include <charconv>
#include <string>

namespace rumor::net {

Ip to_ip(const asio::ip::address& a) {
  Ip ip;
  if (a.is_v6() && a.to_v6().is_v4_mapped())
    return to_ip(asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6()));
  if (a.is_v4()) {
    const auto b = a.to_v4().to_bytes();
    return Ip::v4(b[0], b[1], b[2], b[3]);
  }
  const auto b = a.to_v6().to_bytes();
  std::copy(b.begin(), b.end(), ip.bytes.begin());
  ip.len = 16;
  return ip;
}

asio::ip::address to_asio(const Ip& ip) {
  if (ip.len == 4)
    return asio::ip::address_v4({ip.bytes[0], ip.bytes[1], ip.bytes[2], ip.bytes[3]});
  if (ip.len == 16) {
    asio::ip::address_v6::bytes_type b;
    std::copy(ip.bytes.begin(), ip.bytes.end(), b.begin());
    return asio::ip::address_v6(b);
  }
  return {};  // unspecified: sends to it fail, which the transport counts
}

namespace {

struct HostPort {
  std::string_view host;
  std::uint16_t port;
};

std::optional<HostPort> split_host_port(std::string_view text, std::uint16_t default_port) {
  std::string_view host = text, port_text;
  if (!text.empty() && text.front() == '[') {  // [v6]:port or [v6]
    const auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = text.substr(1, close - 1);
    const auto rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return std::nullopt;
      port_text = rest.substr(1);
    }
  } else if (const auto colon = text.rfind(':');
             colon != std::string_view::npos && text.find(':') == colon) {
    host = text.substr(0, colon);  // exactly one colon: host:port (more: bare IPv6)
    port_text = text.substr(colon + 1);
  }
  std::uint16_t port = default_port;
  if (!port_text.empty()) {
    const auto* end = port_text.data() + port_text.size();
    auto [p, ec] = std::from_chars(port_text.data(), end, port);
    if (ec != std::errc{} || p != end) return std::nullopt;
  }
  if (host.empty()) return std::nullopt;
  return HostPort{host, port};
}

}  // namespace

std::optional<Address> parse_address(std::string_view text, std::uint16_t default_port) {
  auto hp = split_host_port(text, default_port);
  if (!hp) return std::nullopt;
  asio::error_code ec;
  const auto a = asio::ip::make_address(std::string(hp->host), ec);
  if (ec) return std::nullopt;
  return Address{to_ip(a), hp->port};
}

std::optional<Address> resolve_address(std::string_view text, std::uint16_t default_port) {
  if (auto a = parse_address(text, default_port)) return a;
  auto hp = split_host_port(text, default_port);
  if (!hp) return std::nullopt;
  asio::io_context io;
  asio::ip::udp::resolver resolver(io);
  asio::error_code ec;
  const auto results = resolver.resolve(std::string(hp->host), std::to_string(hp->port), ec);
  if (ec || results.empty()) return std::nullopt;
  return to_address(results.begin()->endpoint());
}

}  // namespace rumor::net
