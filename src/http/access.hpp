// Who may use an API route: with a token, whoever presents it ("Authorization: Bearer
// <token>" or "?token=<token>"); without one, only requests whose Host names a loopback
// address, localhost or the address the server listens on. Loopback alone does not stop
// a page elsewhere from reading the API through a visitor's browser once its name
// re-resolves to 127.0.0.1 (DNS rebinding); the Host check does. Pure functions.
#pragma once

#include <string>
#include <string_view>

#include "http/request.hpp"

namespace rumor::http {

// True for 127.0.0.0/8, ::1 and ::ffff:127.0.0.0/104.
bool is_loopback_address(const std::string& host);
// The Host header names localhost, a loopback address or `listen_host`.
bool loopback_host(const Request& req, const std::string& listen_host);
// The request carries `token` (always true when `token` is empty).
bool authorized(const Request& req, const std::string& token);
// Compares in time independent of where the strings differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace rumor::http
