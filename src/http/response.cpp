#include "http/response.hpp"

#include <nlohmann/json.hpp>

namespace rumor::http {

std::string error_body(std::string_view msg) {
  using json = nlohmann::json;
  return json{{"error", msg}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

Response error_response(int code, std::string_view msg) {
  return Response{code, "application/json", error_body(msg), {}};
}

Response asset_response(const Asset& a) {
  return Response{
      200, std::string(a.content_type), std::string(a.body),
      "Cache-Control: no-cache\r\n"
      "Content-Security-Policy: default-src 'self'; img-src 'self' data:; "
      "style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'\r\n"};
}

}  // namespace rumor::http
