// msgpack Writer (Go's old-spec encoding) and tolerant Reader; see msgpack.hpp.
#include "codec/msgpack.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

namespace rumor::codec::msgpack {
namespace {

// Tag bytes, named as the msgpack spec names them.
constexpr std::uint8_t kNil = 0xc0;
constexpr std::uint8_t kFalse = 0xc2;
constexpr std::uint8_t kTrue = 0xc3;
constexpr std::uint8_t kBin8 = 0xc4;
constexpr std::uint8_t kBin16 = 0xc5;
constexpr std::uint8_t kBin32 = 0xc6;
constexpr std::uint8_t kExt8 = 0xc7;
constexpr std::uint8_t kExt16 = 0xc8;
constexpr std::uint8_t kExt32 = 0xc9;
constexpr std::uint8_t kFloat32 = 0xca;
constexpr std::uint8_t kFloat64 = 0xcb;
constexpr std::uint8_t kUint8 = 0xcc;
constexpr std::uint8_t kUint16 = 0xcd;
constexpr std::uint8_t kUint32 = 0xce;
constexpr std::uint8_t kUint64 = 0xcf;
constexpr std::uint8_t kInt8 = 0xd0;
constexpr std::uint8_t kInt16 = 0xd1;
constexpr std::uint8_t kInt32 = 0xd2;
constexpr std::uint8_t kInt64 = 0xd3;
constexpr std::uint8_t kFixExt1 = 0xd4;
constexpr std::uint8_t kFixExt16 = 0xd8;
constexpr std::uint8_t kStr8 = 0xd9;
constexpr std::uint8_t kStr16 = 0xda;
constexpr std::uint8_t kStr32 = 0xdb;
constexpr std::uint8_t kArray16 = 0xdc;
constexpr std::uint8_t kArray32 = 0xdd;
constexpr std::uint8_t kMap16 = 0xde;
constexpr std::uint8_t kMap32 = 0xdf;

constexpr std::uint8_t kFixStr = 0xa0;
constexpr std::uint8_t kFixArray = 0x90;
constexpr std::uint8_t kFixMap = 0x80;

Kind kind_of(std::uint8_t b) noexcept {
  if (b <= 0x7f || b >= 0xe0) return Kind::integer;
  if (b <= 0x8f) return Kind::map;
  if (b <= 0x9f) return Kind::array;
  if (b <= 0xbf) return Kind::raw;
  switch (b) {
    case kNil:
      return Kind::nil;
    case kFalse:
    case kTrue:
      return Kind::boolean;
    case kBin8:
    case kBin16:
    case kBin32:
    case kStr8:
    case kStr16:
    case kStr32:
      return Kind::raw;
    case kFloat32:
    case kFloat64:
      return Kind::floating;
    case kArray16:
    case kArray32:
      return Kind::array;
    case kMap16:
    case kMap32:
      return Kind::map;
    default:
      break;
  }
  if (b >= kUint8 && b <= kInt64) return Kind::integer;
  return Kind::ext;  // c1 (never used) is reported as ext; readers reject it as bad_type
}

}  // namespace

// ---- Writer ---------------------------------------------------------------------------

void Writer::put_be(std::uint64_t v, int bytes) {
  for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
    out_.push_back(static_cast<std::uint8_t>(v >> shift));
  }
}

void Writer::reserve(std::size_t extra) {
  const std::size_t need = out_.size() + extra;
  if (need > out_.capacity()) out_.reserve(std::max(need, 2 * out_.capacity()));
}

void Writer::write_nil() {
  out_.push_back(kNil);
}

void Writer::write_bool(bool v) {
  out_.push_back(v ? kTrue : kFalse);
}

void Writer::write_uint(std::uint64_t v) {
  if (v <= 0x7f) {
    out_.push_back(static_cast<std::uint8_t>(v));
  } else if (v <= 0xff) {
    out_.push_back(kUint8);
    put_be(v, 1);
  } else if (v <= 0xffff) {
    out_.push_back(kUint16);
    put_be(v, 2);
  } else if (v <= 0xffffffff) {
    out_.push_back(kUint32);
    put_be(v, 4);
  } else {
    out_.push_back(kUint64);
    put_be(v, 8);
  }
}

void Writer::write_int(std::int64_t v) {
  const auto bits = static_cast<std::uint64_t>(v);
  if (v >= 0 && (style_ == IntStyle::unsigned_forms || v <= 0x7f)) {
    write_uint(bits);
  } else if (v > 0) {  // signed_forms above 127
    if (v <= 0x7fff) {
      out_.push_back(kInt16);
      put_be(bits, 2);
    } else if (v <= 0x7fffffff) {
      out_.push_back(kInt32);
      put_be(bits, 4);
    } else {
      out_.push_back(kInt64);
      put_be(bits, 8);
    }
  } else if (v >= -32) {
    out_.push_back(static_cast<std::uint8_t>(bits));  // negative fixint
  } else if (v >= -128) {
    out_.push_back(kInt8);
    put_be(bits, 1);
  } else if (v >= -32768) {
    out_.push_back(kInt16);
    put_be(bits, 2);
  } else if (v >= -2147483648LL) {
    out_.push_back(kInt32);
    put_be(bits, 4);
  } else {
    out_.push_back(kInt64);
    put_be(bits, 8);
  }
}

void Writer::write_float(double v) {
  out_.push_back(kFloat64);
  put_be(std::bit_cast<std::uint64_t>(v), 8);
}

void Writer::write_raw(ByteView v) {
  const std::size_t n = v.size();
  if (n < 32) {
    out_.push_back(static_cast<std::uint8_t>(kFixStr | n));
  } else if (n <= 0xffff) {
    out_.push_back(kStr16);
    put_be(n, 2);
  } else {
    out_.push_back(kStr32);  // callers never pass 4 GiB: every input is capped far lower
    put_be(n, 4);
  }
  out_.insert(out_.end(), v.begin(), v.end());
}

void Writer::write_string(std::string_view v) {
  write_raw(ByteView(reinterpret_cast<const std::uint8_t*>(v.data()), v.size()));
}

void Writer::write_raw_or_nil(ByteView v) {
  if (v.empty()) {
    write_nil();
  } else {
    write_raw(v);
  }
}

void Writer::write_map_header(std::uint32_t n) {
  if (n < 16) {
    out_.push_back(static_cast<std::uint8_t>(kFixMap | n));
  } else if (n <= 0xffff) {
    out_.push_back(kMap16);
    put_be(n, 2);
  } else {
    out_.push_back(kMap32);
    put_be(n, 4);
  }
}

void Writer::write_array_header(std::uint32_t n) {
  if (n < 16) {
    out_.push_back(static_cast<std::uint8_t>(kFixArray | n));
  } else if (n <= 0xffff) {
    out_.push_back(kArray16);
    put_be(n, 2);
  } else {
    out_.push_back(kArray32);
    put_be(n, 4);
  }
}

// ---- Reader ---------------------------------------------------------------------------

Status Reader::expect_end() const {
  if (!at_end()) return Error::trailing_bytes;
  return Ok{};
}

Result<Kind> Reader::peek_kind() const {
  if (at_end()) return Error::truncated;
  return kind_of(in_[pos_]);
}

Result<std::uint64_t> Reader::read_be(int bytes) {
  if (remaining() < static_cast<std::size_t>(bytes)) return Error::truncated;
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = v << 8 | in_[pos_++];
  return v;
}

Result<ByteView> Reader::take(std::size_t n) {
  if (remaining() < n) return Error::truncated;
  ByteView v = in_.subspan(pos_, n);
  pos_ += n;
  return v;
}

Status Reader::read_nil() {
  if (at_end()) return Error::truncated;
  if (in_[pos_] != kNil) return Error::bad_type;
  ++pos_;
  return Ok{};
}

Result<bool> Reader::read_bool() {
  if (at_end()) return Error::truncated;
  const std::uint8_t b = in_[pos_];
  if (b != kTrue && b != kFalse && b != kNil) return Error::bad_type;
  ++pos_;
  return b == kTrue;
}

Result<Reader::Integer> Reader::read_integer() {
  if (at_end()) return Error::truncated;
  const std::uint8_t b = in_[pos_];
  if (b <= 0x7f || b == kNil) {
    ++pos_;
    return Integer{false, b == kNil ? 0u : b, 0};
  }
  if (b >= 0xe0) {
    ++pos_;
    return Integer{true, 0, static_cast<std::int8_t>(b)};
  }
  int width = 0;
  bool is_signed = false;
  switch (b) {
    case kUint8:
      width = 1;
      break;
    case kUint16:
      width = 2;
      break;
    case kUint32:
      width = 4;
      break;
    case kUint64:
      width = 8;
      break;
    case kInt8:
      width = 1;
      is_signed = true;
      break;
    case kInt16:
      width = 2;
      is_signed = true;
      break;
    case kInt32:
      width = 4;
      is_signed = true;
      break;
    case kInt64:
      width = 8;
      is_signed = true;
      break;
    default:
      return Error::bad_type;
  }
  ++pos_;
  auto raw = read_be(width);
  if (!raw) return raw.error();
  if (!is_signed) return Integer{false, *raw, 0};
  // Sign-extend the big-endian two's complement value.
  const int shift = 64 - 8 * width;
  const auto s = static_cast<std::int64_t>(*raw << shift) >> shift;
  if (s >= 0) return Integer{false, static_cast<std::uint64_t>(s), 0};
  return Integer{true, 0, s};
}

Result<std::uint64_t> Reader::read_uint_slow(std::uint64_t max) {
  auto v = read_integer();
  if (!v) return v.error();
  if (v->negative || v->u > max) return Error::bad_value;
  return v->u;
}

Result<std::int64_t> Reader::read_int(std::int64_t min, std::int64_t max) {
  auto v = read_integer();
  if (!v) return v.error();
  std::int64_t s = v->s;
  if (!v->negative) {
    if (v->u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return Error::bad_value;
    }
    s = static_cast<std::int64_t>(v->u);
  }
  if (s < min || s > max) return Error::bad_value;
  return s;
}

Result<double> Reader::read_float() {
  if (at_end()) return Error::truncated;
  const std::uint8_t b = in_[pos_];
  if (b == kFloat32) {
    ++pos_;
    auto raw = read_be(4);
    if (!raw) return raw.error();
    return static_cast<double>(std::bit_cast<float>(static_cast<std::uint32_t>(*raw)));
  }
  if (b == kFloat64) {
    ++pos_;
    auto raw = read_be(8);
    if (!raw) return raw.error();
    return std::bit_cast<double>(*raw);
  }
  auto v = read_integer();
  if (!v) return v.error();
  return v->negative ? static_cast<double>(v->s) : static_cast<double>(v->u);
}

Result<ByteView> Reader::read_raw_slow() {
  if (at_end()) return Error::truncated;
  const std::uint8_t b = in_[pos_];
  std::size_t n = 0;
  if (b >= kFixStr && b <= 0xbf) {
    ++pos_;
    n = b & 0x1f;
  } else if (b == kNil) {
    ++pos_;
    return ByteView{};
  } else {
    int width = 0;
    switch (b) {
      case kStr8:
      case kBin8:
        width = 1;
        break;
      case kStr16:
      case kBin16:
        width = 2;
        break;
      case kStr32:
      case kBin32:
        width = 4;
        break;
      default:
        return Error::bad_type;
    }
    ++pos_;
    auto len = read_be(width);
    if (!len) return len.error();
    n = static_cast<std::size_t>(*len);
  }
  return take(n);
}

Result<std::string> Reader::read_string() {
  auto v = read_raw();
  if (!v) return v.error();
  return std::string(reinterpret_cast<const char*>(v->data()), v->size());
}

Result<Bytes> Reader::read_bytes() {
  auto v = read_raw();
  if (!v) return v.error();
  return Bytes(v->begin(), v->end());
}

Result<std::uint32_t> Reader::read_count(std::uint8_t tag, std::uint8_t fix_lo, std::uint8_t fix_hi,
                                         std::uint8_t tag16, std::uint8_t tag32) {
  if (tag >= fix_lo && tag <= fix_hi) {
    ++pos_;
    return static_cast<std::uint32_t>(tag - fix_lo);
  }
  if (tag == kNil) {
    ++pos_;
    return 0u;
  }
  if (tag != tag16 && tag != tag32) return Error::bad_type;
  ++pos_;
  auto n = read_be(tag == tag16 ? 2 : 4);
  if (!n) return n.error();
  return static_cast<std::uint32_t>(*n);
}

Result<std::uint32_t> Reader::read_map_header_slow() {
  if (at_end()) return Error::truncated;
  auto n = read_count(in_[pos_], kFixMap, kFixMap + 15, kMap16, kMap32);
  if (!n) return n.error();
  if (*n > remaining() / 2) return Error::truncated;  // each entry takes at least 2 bytes
  return n;
}

Result<std::uint32_t> Reader::read_array_header() {
  if (at_end()) return Error::truncated;
  auto n = read_count(in_[pos_], kFixArray, kFixArray + 15, kArray16, kArray32);
  if (!n) return n.error();
  if (*n > remaining()) return Error::truncated;  // each element takes at least 1 byte
  return n;
}

Status Reader::skip(int depth_limit) {
  if (at_end()) return Error::truncated;
  const std::uint8_t b = in_[pos_];
  switch (kind_of(b)) {
    case Kind::nil:
    case Kind::boolean:
      ++pos_;
      return Ok{};
    case Kind::integer: {
      auto v = read_integer();
      if (!v) return v.error();
      return Ok{};
    }
    case Kind::floating: {
      auto v = read_float();
      if (!v) return v.error();
      return Ok{};
    }
    case Kind::raw: {
      auto v = read_raw();
      if (!v) return v.error();
      return Ok{};
    }
    case Kind::array:
    case Kind::map: {
      if (depth_limit <= 0) return Error::too_deep;
      const bool is_map = kind_of(b) == Kind::map;
      auto n = is_map ? read_map_header() : read_array_header();
      if (!n) return n.error();
      const std::uint64_t values = is_map ? 2ull * *n : *n;
      for (std::uint64_t i = 0; i < values; ++i) {
        Status st = skip(depth_limit - 1);
        if (!st) return st;
      }
      return Ok{};
    }
    case Kind::ext:
      break;
  }
  // Extension types: fixext 1..16, ext 8/16/32. Each carries a type byte then the data.
  const bool fixext = b >= kFixExt1 && b <= kFixExt16;
  if (!fixext && b != kExt8 && b != kExt16 && b != kExt32) return Error::bad_type;  // 0xc1
  ++pos_;
  std::size_t n = 0;
  if (fixext) {
    n = std::size_t{1} << (b - kFixExt1);
  } else {
    auto len = read_be(b == kExt8 ? 1 : b == kExt16 ? 2 : 4);
    if (!len) return len.error();
    n = static_cast<std::size_t>(*len);
  }
  auto data = take(n + 1);
  if (!data) return data.error();
  return Ok{};
}

Status Reader::read_into(bool& out) {
  auto v = read_bool();
  if (!v) return v.error();
  out = *v;
  return Ok{};
}

Status Reader::read_into(double& out) {
  auto v = read_float();
  if (!v) return v.error();
  out = *v;
  return Ok{};
}

Status Reader::read_into(std::string& out) {
  auto v = read_raw();
  if (!v) return v.error();
  out.assign(reinterpret_cast<const char*>(v->data()), v->size());
  return Ok{};
}

Status Reader::read_into(Bytes& out) {
  auto v = read_raw();
  if (!v) return v.error();
  out.assign(v->begin(), v->end());
  return Ok{};
}

Status Reader::read_into(std::string_view& out) {
  auto v = read_raw();
  if (!v) return v.error();
  out = std::string_view(reinterpret_cast<const char*>(v->data()), v->size());
  return Ok{};
}

Status Reader::read_into(ByteView& out) {
  auto v = read_raw();
  if (!v) return v.error();
  out = *v;
  return Ok{};
}

}  // namespace rumor::codec::msgpack
