// Typed decode errors and a small Result<T>: decoders never throw and never crash
// on malformed input; they return one of these errors instead.
#pragma once

#include <cstdint>
#include <utility>
#include <variant>

namespace rumor::codec {

enum class Error : std::uint8_t {
  truncated,        // input ended inside a value
  bad_type,         // msgpack value of the wrong kind for the field
  bad_value,        // value of the right kind but out of range (e.g. IP of 7 bytes)
  too_large,        // a length exceeds a limit (20 MiB stream, 40 MiB LZW, ...)
  too_deep,         // nesting beyond the skip limit
  unknown_message,  // message type byte we do not know
  bad_crc,          // CRC32 mismatch
  bad_label,        // malformed label header or a label we do not expect
  bad_compression,  // unknown algorithm or corrupt LZW stream
  bad_compound,     // compound header inconsistent with its body
  trailing_bytes,   // a value decoded but bytes were left where none may be
  bad_key,          // an encryption key that is not 16, 24 or 32 bytes, or not base64
  unknown_key,      // a keyring operation named a key that is not installed
  primary_key,      // refused: removing the keyring's primary key
  undecryptable,    // no installed key opens it (bad tag, unknown version, bad padding),
                    // or a plain message arrived where encryption is required
};

const char* to_string(Error e) noexcept;

// Result<T>: either a value or an Error. C++20 has no std::expected.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Error e) : v_(e) {}                 // NOLINT(google-explicit-constructor)

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }
  Error error() const noexcept { return *std::get_if<1>(&v_); }

  // Precondition: ok(). (get_if rather than get: no exception path on the hot paths.)
  T& value() & { return *std::get_if<0>(&v_); }
  const T& value() const& { return *std::get_if<0>(&v_); }
  T&& value() && { return std::move(*std::get_if<0>(&v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Error> v_;
};

// Result of an operation with no value.
struct Ok {};
using Status = Result<Ok>;

}  // namespace rumor::codec
