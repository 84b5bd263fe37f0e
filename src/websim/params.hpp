// Reading a web simulator request's query: numbers in a range and names from a list,
// each failure an error naming the field, which the API answers 400 with.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include "lab/params.hpp"

namespace rumor::websim {

using Query = std::map<std::string, std::string>;

// A parameter the API cannot use; what() is "field: why".
class ParamError : public std::invalid_argument {
 public:
  ParamError(std::string field, const std::string& why)
      : std::invalid_argument(field + ": " + why), field_(std::move(field)) {}
  const std::string& field() const noexcept { return field_; }

 private:
  std::string field_;
};

// The value of `field`, or `fallback` when absent; throws ParamError when it is not a
// number in [lo, hi].
std::int64_t integer(const Query& q, const std::string& field, std::int64_t fallback,
                     std::int64_t lo, std::int64_t hi);
double real(const Query& q, const std::string& field, double fallback, double lo, double hi);

// One of lab's named values (lab::EnumNames), or `fallback` when absent.
template <class E>
E choice(const Query& q, const std::string& field, E fallback) {
  const auto it = q.find(field);
  if (it == q.end()) return fallback;
  if (auto v = lab::parse<E>(it->second)) return *v;
  throw ParamError(field, "one of " + lab::choices<E>());
}

}  // namespace rumor::websim
