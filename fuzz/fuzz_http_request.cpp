// Fuzzes the HTTP request parser (src/http/request.cpp): any bytes get an
// answer within the limits, a parsed head re-serialises to one that parses the same, a
// prefix of a complete head is never complete, and query decoding never fails hard.
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "http/request.hpp"

using namespace rumor::http;

namespace {

bool lower_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if ((c >= 'A' && c <= 'Z') || c == ':' || c == ' ' || c == '\t' || c == '\r' || c == '\n')
      return false;
  return true;
}

std::string serialise(const Request& r) {
  std::string s = r.method + " " + r.target + " HTTP/1." + std::to_string(r.minor) + "\r\n";
  for (const auto& [k, v] : r.headers) s += k + ": " + v + "\r\n";
  return s + "\r\n";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  Limits lim;
  lim.max_head_bytes = 1024;
  lim.max_headers = 16;

  Request r;
  const auto res = parse_request(in, lim, r);
  switch (res.status) {
    case ParseStatus::incomplete:
      FUZZ_CHECK(size <= lim.max_head_bytes);
      break;
    case ParseStatus::error:
      FUZZ_CHECK(res.code >= 400 && res.code < 600);
      FUZZ_CHECK(!res.reason.empty());
      break;
    case ParseStatus::complete: {
      FUZZ_CHECK(res.consumed >= 4 && res.consumed <= size && res.consumed <= lim.max_head_bytes);
      FUZZ_CHECK(in.substr(res.consumed - 4, 4) == "\r\n\r\n");
      FUZZ_CHECK(r.headers.size() <= lim.max_headers);
      FUZZ_CHECK(!r.target.empty() && r.target[0] == '/');
      for (const auto& [k, v] : r.headers) {
        FUZZ_CHECK(lower_token(k));
        FUZZ_CHECK(v.find('\r') == std::string::npos && v.find('\n') == std::string::npos);
      }
      (void)r.keep_alive();
      (void)r.query_param("token");
      // What was parsed, written out again, parses to the same request.
      const auto again_text = serialise(r);
      Request again;
      const auto res2 = parse_request(again_text, lim, again);
      if (again_text.size() <= lim.max_head_bytes) {
        FUZZ_CHECK(res2.status == ParseStatus::complete);
        FUZZ_CHECK(res2.consumed == again_text.size());
        FUZZ_CHECK(again.method == r.method && again.target == r.target);
        FUZZ_CHECK(again.path == r.path && again.query == r.query && again.minor == r.minor);
        FUZZ_CHECK(again.headers == r.headers);
      }
      // A head cut short is never taken for a whole one.
      for (std::size_t cut : {res.consumed - 1, res.consumed / 2, std::size_t{1}}) {
        if (cut == 0 || cut >= res.consumed) continue;
        Request part;
        FUZZ_CHECK(parse_request(in.substr(0, cut), lim, part).status != ParseStatus::complete);
      }
      break;
    }
  }

  for (bool plus : {false, true}) {
    const auto d = percent_decode(in, plus);
    if (d) FUZZ_CHECK(d->size() <= size);
  }
  for (const auto& [k, v] : parse_query(in)) FUZZ_CHECK(k.size() + v.size() <= size);
  return 0;
}
