#include "websim/params.hpp"

#include <charconv>
#include <cmath>

namespace rumor::websim {

std::int64_t integer(const Query& q, const std::string& field, std::int64_t fallback,
                     std::int64_t lo, std::int64_t hi) {
  const auto it = q.find(field);
  if (it == q.end()) return fallback;
  const std::string& s = it->second;
  std::int64_t v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size())
    throw ParamError(field, "not an integer: '" + s + "'");
  if (v < lo || v > hi)
    throw ParamError(field, "in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return v;
}

double real(const Query& q, const std::string& field, double fallback, double lo, double hi) {
  const auto it = q.find(field);
  if (it == q.end()) return fallback;
  const std::string& s = it->second;
  double v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size() || !std::isfinite(v))
    throw ParamError(field, "not a number: '" + s + "'");
  if (v < lo || v > hi) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "in [%g, %g]", lo, hi);
    throw ParamError(field, buf);
  }
  return v;
}

}  // namespace rumor::websim
