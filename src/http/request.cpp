#include "http/request.hpp"

#include <algorithm>
#include <charconv>

namespace rumor::http {

namespace {

// RFC 9110 tchar.
bool is_tchar(char c) noexcept {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

// Field values: visible ASCII, obs-text, space and tab; no other control characters.
bool is_field_char(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return u == '\t' || (u >= 0x20 && u != 0x7f);
}

// Request targets: visible ASCII only (no spaces, no controls, no obs-text).
bool is_target_char(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u < 0x7f;
}

char lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

int hex(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

ParseResult fail(int code, std::string reason) {
  ParseResult r;
  r.status = ParseStatus::error;
  r.code = code;
  r.reason = std::move(reason);
  return r;
}

}  // namespace

const std::string* Request::header(std::string_view lower_name) const {
  for (const auto& [k, v] : headers)
    if (k == lower_name) return &v;
  return nullptr;
}

bool Request::keep_alive() const {
  bool close = false, keep = false;
  for (const auto& [k, v] : headers) {
    if (k != "connection") continue;
    // A comma-separated list of options.
    std::string_view rest = v;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      const auto opt = trim(rest.substr(0, comma));
      if (iequals(opt, "close")) close = true;
      if (iequals(opt, "keep-alive")) keep = true;
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  if (close) return false;
  return minor >= 1 || keep;
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  for (auto& [k, v] : parse_query(query))
    if (k == name) return std::move(v);
  return std::nullopt;
}

std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      const int hi = hex(s[i + 1]), lo = hex(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_query(std::string_view q) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!q.empty()) {
    const auto amp = q.find('&');
    const auto part = q.substr(0, amp);
    if (!part.empty()) {
      const auto eq = part.find('=');
      auto k = percent_decode(part.substr(0, eq), true);
      auto v = eq == std::string_view::npos ? std::optional<std::string>(std::string())
                                            : percent_decode(part.substr(eq + 1), true);
      if (k && v) out.emplace_back(std::move(*k), std::move(*v));
    }
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  return out;
}

ParseResult parse_request(std::string_view buf, const Limits& limits, Request& out) {
  // RFC 9112 2.2: a server SHOULD ignore at least one empty line before the request line.
  std::size_t start = 0;
  while (start + 1 < buf.size() && buf[start] == '\r' && buf[start + 1] == '\n' && start < 4)
    start += 2;

  const auto end = buf.find("\r\n\r\n", start);
  if (end == std::string_view::npos) {
    if (buf.size() > limits.max_head_bytes)
      return fail(431,
                  "request head larger than " + std::to_string(limits.max_head_bytes) + " bytes");
    // Early rejection of garbage: a request line must start with a method token.
    for (std::size_t i = start; i < buf.size(); ++i) {
      const char c = buf[i];
      if (c == ' ' || (c == '\r' && i == start)) break;
      if (!is_tchar(c)) return fail(400, "malformed request line");
    }
    return {};
  }
  const std::size_t head_end = end + 4;
  if (head_end > limits.max_head_bytes)
    return fail(431,
                "request head larger than " + std::to_string(limits.max_head_bytes) + " bytes");

  std::string_view head = buf.substr(start, end - start);  // without the final CRLF CRLF
  auto next_line = [&head]() {
    const auto eol = head.find("\r\n");
    const auto l = head.substr(0, eol);
    head = eol == std::string_view::npos ? std::string_view() : head.substr(eol + 2);
    return l;
  };

  // Request line: method SP request-target SP HTTP-version.
  const std::string_view rl = next_line();
  const auto sp1 = rl.find(' ');
  if (sp1 == std::string_view::npos || sp1 == 0) return fail(400, "malformed request line");
  const auto sp2 = rl.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || sp2 == sp1 + 1) return fail(400, "malformed request line");
  const auto method = rl.substr(0, sp1);
  const auto target = rl.substr(sp1 + 1, sp2 - sp1 - 1);
  const auto version = rl.substr(sp2 + 1);
  if (!std::all_of(method.begin(), method.end(), is_tchar)) return fail(400, "malformed method");
  if (!std::all_of(target.begin(), target.end(), is_target_char))
    return fail(400, "malformed request target");
  if (version.size() != 8 || !version.starts_with("HTTP/") || version[6] != '.' ||
      version[5] < '0' || version[5] > '9' || version[7] < '0' || version[7] > '9')
    return fail(400, "malformed HTTP version");
  if (version[5] != '1') return fail(505, "only HTTP/1.x is supported");
  if (target.empty() || target[0] != '/') return fail(400, "request target must be a path");

  Request r;
  r.method = method;
  r.target = target;
  r.minor = version[7] - '0';
  const auto qmark = target.find('?');
  auto path = percent_decode(target.substr(0, qmark), false);
  if (!path) return fail(400, "malformed percent escape in the path");
  if (path->find('\0') != std::string::npos) return fail(400, "NUL in the path");
  r.path = std::move(*path);
  if (qmark != std::string_view::npos) r.query = target.substr(qmark + 1);

  bool has_host = false;
  std::optional<std::string_view> content_length;
  while (!head.empty()) {
    const std::string_view l = next_line();
    if (l.empty()) return fail(400, "empty header line");
    if (l[0] == ' ' || l[0] == '\t') return fail(400, "obsolete header line folding");
    const auto colon = l.find(':');
    if (colon == std::string_view::npos || colon == 0) return fail(400, "malformed header line");
    const auto name = l.substr(0, colon);
    if (!std::all_of(name.begin(), name.end(), is_tchar)) return fail(400, "malformed header name");
    const auto value = trim(l.substr(colon + 1));
    if (!std::all_of(value.begin(), value.end(), is_field_char))
      return fail(400, "malformed header value");
    if (r.headers.size() >= limits.max_headers)
      return fail(431, "more than " + std::to_string(limits.max_headers) + " headers");
    std::string lname(name);
    std::transform(lname.begin(), lname.end(), lname.begin(), lower);
    if (lname == "host") {
      if (has_host) return fail(400, "more than one Host header");
      has_host = true;
    } else if (lname == "content-length") {
      if (content_length && *content_length != value)
        return fail(400, "conflicting Content-Length headers");
      content_length = value;
    } else if (lname == "transfer-encoding") {
      return fail(501, "request bodies are not supported");
    }
    r.headers.emplace_back(std::move(lname), std::string(value));
  }
  if (r.minor >= 1 && !has_host) return fail(400, "HTTP/1.1 request without a Host header");
  if (content_length) {
    std::uint64_t n = 0;
    const auto* b = content_length->data();
    const auto* e = b + content_length->size();
    const auto res = std::from_chars(b, e, n);
    if (content_length->empty() || res.ec != std::errc() || res.ptr != e)
      return fail(400, "malformed Content-Length");
    if (n > 0) return fail(413, "request bodies are not accepted");
  }

  out = std::move(r);
  ParseResult ok;
  ok.status = ParseStatus::complete;
  ok.consumed = head_end;
  return ok;
}

const char* status_text(int code) noexcept {
  switch (code) {
    case 200:
      return "OK";
    case 204:
      return "No Content";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Unknown";
  }
}

}  // namespace rumor::http
