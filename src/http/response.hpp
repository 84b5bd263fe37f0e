// What a route answers: a status, a content type, a body and any extra header lines.
// The connection adds Content-Length, Connection, Cache-Control (unless given) and
// X-Content-Type-Options, and leaves the body out for HEAD.
#pragma once

#include <string>
#include <string_view>

#include "http/asset.hpp"

namespace rumor::http {

struct Response {
  int code = 200;
  std::string content_type = "application/json";
  std::string body;
  std::string headers;  // extra header lines, each ending in CRLF
};

// {"error": msg}, as JSON (bad UTF-8 replaced, never thrown on).
std::string error_body(std::string_view msg);
Response error_response(int code, std::string_view msg);
// A page's file, under a Content-Security-Policy that allows only the page's own
// scripts, styles and connections.
Response asset_response(const Asset& a);

}  // namespace rumor::http
