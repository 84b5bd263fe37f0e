// Conversions between rumor's wire addresses (codec Ip / Address) and Asio endpoints,
// and parsing of "host:port" strings given by library users.
#pragma once

#include <asio/ip/address.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ip/udp.hpp>
#include <cstdint>
#include <optional>
#include <string_view>

#include "codec/ip.hpp"

namespace rumor::net {

// IPv4-mapped IPv6 addresses (what a dual-stack socket reports for IPv4 peers) become
// plain IPv4, which is how memberlist puts them on the wire.
Ip to_ip(const asio::ip::address& a);
asio::ip::address to_asio(const Ip& ip);

template <class Endpoint>
Address to_address(const Endpoint& ep) {
  return Address{to_ip(ep.address()), ep.port()};
}
inline asio::ip::udp::endpoint udp_endpoint(const Address& a) {
  return {to_asio(a.ip), a.port};
}
inline asio::ip::tcp::endpoint tcp_endpoint(const Address& a) {
  return {to_asio(a.ip), a.port};
}

// Parses "1.2.3.4:7946", "[::1]:7946", "::1" or "1.2.3.4" (numeric addresses only;
// a missing port means `default_port`). nullopt when it is not such a string.
std::optional<Address> parse_address(std::string_view text, std::uint16_t default_port);

// Like parse_address, but a host name is resolved (blocking, through the system resolver).
// The first address of the resolver's answer is used. nullopt when nothing resolves.
std::optional<Address> resolve_address(std::string_view text, std::uint16_t default_port);

}  // namespace rumor::net
