// Why a call into Serf (user_event, query, respond, set_tags, join, leave, key_query) was
// refused, and a small Outcome<T> to return a value or one of these.
#pragma once

#include <cstdint>
#include <utility>
#include <variant>

#include <rumor/export.hpp>

RUMOR_PUBLIC_BEGIN
namespace rumor::serf {

enum class SerfError : std::uint8_t {
  too_large,          // over a size limit (event, query, response, tags)
  bad_state,          // not allowed after leave / shutdown, or leave already in progress
  not_supported,      // our protocol version lacks the feature (queries need >= 4)
  already_responded,  // respond() twice to one query
  past_deadline,      // respond() after the query's deadline
  unknown_query,      // a shell's respond() names no query it holds (or one it dropped)
  bad_key,            // key_query() given a key that is not standard base64
};
const char* to_string(SerfError e) noexcept;

template <class T>
class [[nodiscard]] Outcome {
 public:
  Outcome(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Outcome(SerfError e) : v_(e) {}             // NOLINT(google-explicit-constructor)
  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }
  SerfError error() const noexcept { return std::get<1>(v_); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, SerfError> v_;
};

struct Done {};
using SerfStatus = Outcome<Done>;

}  // namespace rumor::serf
RUMOR_PUBLIC_END
