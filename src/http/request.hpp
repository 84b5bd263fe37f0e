// The HTTP/1.1 request head parser behind every HTTP server of rumor (the agent's API,
// the web simulator): request line, headers, bounded in size and count, strict about
// syntax (RFC 9112). Requests carry no body (the APIs take their parameters in the
// query), so a Content-Length above zero or a Transfer-Encoding is refused. Pure: bytes
// in, a request or an error status out; the fuzz target fuzz_http_request drives it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rumor::http {

struct Limits {
  std::size_t max_head_bytes = 8192;  // request line and headers, CRLFs included
  std::size_t max_headers = 64;
};

struct Request {
  std::string method;  // as sent (methods are case-sensitive)
  std::string target;  // as sent: origin-form, "/path?query"
  std::string path;    // percent-decoded path
  std::string query;   // raw text after '?', without it
  int minor = 1;       // HTTP/1.minor
  // Names lower-cased, values with surrounding whitespace removed, in order.
  std::vector<std::pair<std::string, std::string>> headers;

  // The first header of that (lower-case) name, or nullptr.
  const std::string* header(std::string_view lower_name) const;
  // HTTP/1.1 keeps the connection unless "Connection: close"; 1.0 closes unless
  // "Connection: keep-alive".
  bool keep_alive() const;
  // A query parameter, percent-decoded ('+' as space); the first one of that name.
  std::optional<std::string> query_param(std::string_view name) const;
};

enum class ParseStatus { incomplete, complete, error };

struct ParseResult {
  ParseStatus status = ParseStatus::incomplete;
  std::size_t consumed = 0;  // complete: bytes of the head, final CRLF CRLF included
  int code = 0;              // error: the status to answer with (400, 413, 431, 501, 505)
  std::string reason;        // error: what was wrong, for logs and the response body
};

// Parses the head at the start of `buf`. Incomplete while no CRLF CRLF has arrived and
// the head is still within the limits; a head that cannot fit is an error (431) as soon
// as it is known, so a client cannot make the server buffer more than max_head_bytes.
ParseResult parse_request(std::string_view buf, const Limits& limits, Request& out);

// %XX decoding; nullopt for a malformed escape. With plus_is_space, '+' becomes ' '
// (query strings).
std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space);

// "a=1&b=x%20y" to decoded pairs in order; malformed escapes leave that pair out.
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view q);

// The reason phrase of a status code this server sends ("OK", "Not Found", ...).
const char* status_text(int code) noexcept;

}  // namespace rumor::http
