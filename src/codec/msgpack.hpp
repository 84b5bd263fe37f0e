// msgpack as memberlist's Go codec writes it (spec section 2): a Writer that reproduces
// Go's bytes exactly, and a tolerant, bounds-checked Reader for everything peers may send.
// The Serf layer builds on the same two classes.
//
// Go's codec writes the "old spec" msgpack: strings and byte slices are both "raw"
// (fixstr / da / db, never str8 or bin), a nil slice is c0, struct fields become a map
// whose keys the caller writes in byte-wise sorted order.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "codec/bytes.hpp"
#include "codec/result.hpp"

namespace rumor::codec::msgpack {

// How a Go `int` holding a value >= 0 is written.
enum class IntStyle : std::uint8_t {
  // The unsigned forms (positive fixint, cc, cd, ce, cf). This is what the real peer writes:
  // Debian's serf 0.8.2 (hashicorp/go-msgpack v0.5) sends UserStateLen 588 as `cd 02 4c` and a
  // query Timeout of 2 s as `ce 77 35 94 00` (see vectors/plain.vectors.txt). Our default.
  unsigned_forms,
  // Above 127 the signed forms d1 / d2 / d3, as go-msgpack v2 writes them (spec section 2:
  // "200 is d1 00 c8"). Readers accept both, so this only matters for byte equality.
  signed_forms,
};

// Appends msgpack values to a byte buffer. Never fails.
class Writer {
 public:
  explicit Writer(Bytes& out, IntStyle style = IntStyle::unsigned_forms) noexcept
      : out_(out), style_(style) {}

  void write_nil();
  void write_bool(bool v);
  void write_uint(std::uint64_t v);  // Go unsigned fields: smallest unsigned form
  void write_int(std::int64_t v);    // Go signed fields: see IntStyle for v >= 0
  void write_float(double v);        // always float64 (cb)
  void write_raw(ByteView v);        // fixstr / da / db; also for []byte
  void write_string(std::string_view v);
  void write_raw_or_nil(ByteView v);  // a Go []byte that is nil when empty: c0
  void write_map_header(std::uint32_t n);
  void write_array_header(std::uint32_t n);

  // Makes room for `extra` more bytes, growing geometrically so that repeated calls on
  // one buffer stay linear.
  void reserve(std::size_t extra);

  Bytes& out() noexcept { return out_; }

 private:
  void put_be(std::uint64_t v, int bytes);
  Bytes& out_;
  IntStyle style_;
};

// The kind of the next value, as the Reader sees it.
enum class Kind : std::uint8_t { nil, boolean, integer, floating, raw, array, map, ext };

// Nesting beyond this many containers makes skip() fail with Error::too_deep.
inline constexpr int kMaxDepth = 32;

// Reads msgpack values from a view, checking bounds on every read. Tolerant as Go's
// decoder is: str8 and bin are accepted as raw, any integer form for any integer field
// (range-checked, Error::bad_value when the value does not fit), nil as an empty raw, an
// empty map or array, or a zero scalar. After an error the position is unspecified.
class Reader {
 public:
  explicit Reader(ByteView in) noexcept : in_(in) {}

  std::size_t offset() const noexcept { return pos_; }
  std::size_t remaining() const noexcept { return in_.size() - pos_; }
  ByteView rest() const noexcept { return in_.subspan(pos_); }
  bool at_end() const noexcept { return pos_ == in_.size(); }
  // Error::trailing_bytes unless every byte has been read.
  Status expect_end() const;

  Result<Kind> peek_kind() const;
  bool is_nil() const noexcept { return pos_ < in_.size() && in_[pos_] == 0xc0; }

  Status read_nil();
  Result<bool> read_bool();
  // The forms memberlist's messages use (fixint, uint8-32, fixstr, str8, bin8, nil,
  // fixmap) are read inline; the rest, and every error, by the out-of-line *_slow ones.
  Result<std::uint64_t> read_uint(std::uint64_t max = std::numeric_limits<std::uint64_t>::max()) {
    if (pos_ < in_.size()) {
      const std::uint8_t b = in_[pos_];
      const std::size_t left = in_.size() - pos_ - 1;
      const std::uint8_t* p = in_.data() + pos_ + 1;
      std::uint64_t v = 0;
      std::size_t width = 0;
      if (b <= 0x7f) {
        v = b;
      } else if (b == 0xcc && left >= 1) {
        v = p[0];
        width = 1;
      } else if (b == 0xcd && left >= 2) {
        v = std::uint64_t{p[0]} << 8 | p[1];
        width = 2;
      } else if (b == 0xce && left >= 4) {
        v = std::uint64_t{p[0]} << 24 | std::uint64_t{p[1]} << 16 | std::uint64_t{p[2]} << 8 | p[3];
        width = 4;
      } else {
        return read_uint_slow(max);
      }
      if (v <= max) {
        pos_ += 1 + width;
        return v;
      }
    }
    return read_uint_slow(max);
  }
  Result<std::int64_t> read_int(std::int64_t min = std::numeric_limits<std::int64_t>::min(),
                                std::int64_t max = std::numeric_limits<std::int64_t>::max());
  Result<double> read_float();  // float32, float64 or any integer
  // A str or bin of any width; the view points into the input.
  Result<ByteView> read_raw() {
    if (pos_ < in_.size()) {
      const std::uint8_t b = in_[pos_];
      const std::size_t left = in_.size() - pos_ - 1;
      if ((b & 0xe0u) == 0xa0u) {  // fixstr
        const std::size_t n = b & 0x1fu;
        if (left >= n) {
          const ByteView v = in_.subspan(pos_ + 1, n);
          pos_ += 1 + n;
          return v;
        }
      } else if ((b == 0xc4 || b == 0xd9) && left >= 1) {  // bin8, str8
        const std::size_t n = in_[pos_ + 1];
        if (left - 1 >= n) {
          const ByteView v = in_.subspan(pos_ + 2, n);
          pos_ += 2 + n;
          return v;
        }
      } else if (b == 0xc0) {  // nil: an empty raw
        ++pos_;
        return ByteView{};
      }
    }
    return read_raw_slow();
  }
  Result<std::string> read_string();
  Result<Bytes> read_bytes();
  // Element counts. A count that cannot fit in the remaining bytes is Error::truncated,
  // so callers may reserve() by it safely.
  Result<std::uint32_t> read_map_header() {
    if (pos_ < in_.size() && (in_[pos_] & 0xf0u) == 0x80u) {
      const std::uint32_t n = in_[pos_] & 0x0fu;
      if (n <= (in_.size() - pos_ - 1) / 2) {  // each entry takes at least 2 bytes
        ++pos_;
        return n;
      }
    }
    return read_map_header_slow();
  }
  Result<std::uint32_t> read_array_header();
  // Skips one value of any kind, containers included, at most `depth_limit` deep.
  Status skip(int depth_limit = kMaxDepth);
  // Takes `n` bytes verbatim (not a msgpack value): push/pull user state follows the
  // msgpack values as bare bytes.
  Result<ByteView> take(std::size_t n);

  // Typed field readers: read the next value into `out` if it fits its type.
  template <class T>
  requires std::unsigned_integral<T> &&(!std::same_as<T, bool>)Status read_into(T& out) {
    auto v = read_uint(std::numeric_limits<T>::max());
    if (!v) return v.error();
    out = static_cast<T>(*v);
    return Ok{};
  }
  template <class T>
  requires std::signed_integral<T> Status read_into(T& out) {
    auto v = read_int(std::numeric_limits<T>::min(), std::numeric_limits<T>::max());
    if (!v) return v.error();
    out = static_cast<T>(*v);
    return Ok{};
  }
  Status read_into(bool& out);
  Status read_into(double& out);
  Status read_into(std::string& out);
  Status read_into(Bytes& out);
  // Views into the buffer being read (valid as long as it is).
  Status read_into(std::string_view& out);
  Status read_into(ByteView& out);

  // Reads a Go struct: a map (or nil) of string keys, in any order. `on_field(key)` is
  // called for every key, must consume exactly one value, and returns a Status; unknown
  // keys should be passed to skip(). Missing keys leave the caller's fields untouched.
  template <class OnField>
  Status read_struct(OnField&& on_field) {
    auto n = read_map_header();
    if (!n) return n.error();
    for (std::uint32_t i = 0; i < *n; ++i) {
      auto key = read_raw();
      if (!key) return key.error();
      const std::string_view name(reinterpret_cast<const char*>(key->data()), key->size());
      Status st = on_field(name);
      if (!st) return st;
    }
    return Ok{};
  }

 private:
  struct Integer {
    bool negative;  // true: the value is `s` (< 0); false: the value is `u`
    std::uint64_t u;
    std::int64_t s;
  };
  Result<Integer> read_integer();
  Result<std::uint64_t> read_uint_slow(std::uint64_t max);
  Result<ByteView> read_raw_slow();
  Result<std::uint32_t> read_map_header_slow();
  Result<std::uint64_t> read_be(int bytes);
  Result<std::uint32_t> read_count(std::uint8_t tag, std::uint8_t fix_lo, std::uint8_t fix_hi,
                                   std::uint8_t tag16, std::uint8_t tag32);

  ByteView in_;
  std::size_t pos_ = 0;
};

}  // namespace rumor::codec::msgpack
