// LZW exactly as Go's compress/lzw does it with LSB bit order and 8-bit literals, which
// is what memberlist compresses with (spec section 5):
//   codes 0..255 literals, 256 clear, 257 end; new codes from 258; the code width starts at
//   9 bits and grows when the next code reaches 1 << width; at code 4095 the writer emits a
//   clear code and starts over. The writer emits a clear code first, even for empty input.
// LZW output is fully determined by those rules (greedy longest match), so the dictionary
// structures below differ from Go's while the bytes are identical.
#include <algorithm>
#include <cstring>
#include <limits>

#include "codec/packet.hpp"

namespace rumor::codec {
namespace {

constexpr std::uint32_t kClear = 256;
constexpr std::uint32_t kEof = 257;
constexpr std::uint32_t kFirstFree = 258;
constexpr std::uint32_t kMaxCode = 4095;
constexpr std::uint32_t kMinWidth = 9;
constexpr std::uint32_t kMaxWidth = 12;

class BitWriter {
 public:
  explicit BitWriter(Bytes& out) : out_(out) {}
  void put(std::uint32_t code, std::uint32_t width) {
    bits_ |= code << nbits_;
    nbits_ += width;
    while (nbits_ >= 8) {
      out_.push_back(static_cast<std::uint8_t>(bits_));
      bits_ >>= 8;
      nbits_ -= 8;
    }
  }
  void flush() {
    if (nbits_ > 0) out_.push_back(static_cast<std::uint8_t>(bits_));
    bits_ = 0;
    nbits_ = 0;
  }

 private:
  Bytes& out_;
  std::uint32_t bits_ = 0;
  std::uint32_t nbits_ = 0;
};

// Open-addressing map from (prefix code << 8 | next byte) to the code for that string.
// An entry packs key << 12 | code; 0 is free since codes are never below 258.
class Dictionary {
 public:
  explicit Dictionary(std::size_t input_size) {
    // At most one entry per input byte and never more than the 3838 codes between resets;
    // keep the load factor at or below one half.
    const std::size_t entries = std::min<std::size_t>(input_size, kMaxCode - kFirstFree + 1);
    std::size_t size = 64;
    while (size < 2 * entries) size *= 2;
    slots_.assign(size, 0);
    mask_ = size - 1;
  }
  // Returns the code for `key`, or 0 with `slot` set to where it would go.
  std::uint32_t find(std::uint32_t key, std::size_t& slot) const {
    std::size_t h = (key * 0x9e3779b1u) & mask_;
    while (slots_[h] != 0) {
      if ((slots_[h] >> 12) == key) return slots_[h] & 0xfffu;
      h = (h + 1) & mask_;
    }
    slot = h;
    return 0;
  }
  void insert(std::size_t slot, std::uint32_t key, std::uint32_t code) {
    slots_[slot] = key << 12 | code;
  }
  void clear() { std::fill(slots_.begin(), slots_.end(), 0u); }

 private:
  std::vector<std::uint32_t> slots_;
  std::size_t mask_ = 0;
};

}  // namespace

Bytes lzw_compress(ByteView data) {
  Bytes out;
  out.reserve(data.size() + data.size() / 2 + 8);
  BitWriter bw(out);
  std::uint32_t width = kMinWidth, hi = kEof, overflow = 1u << kMinWidth;
  bw.put(kClear, width);
  if (data.empty()) {
    bw.put(kEof, width);
    bw.flush();
    return out;
  }

  Dictionary dict(data.size());
  // After each emitted code, the next code number is taken; at 4095 start over.
  auto next_code = [&]() -> bool {
    if (++hi == overflow) {
      ++width;
      overflow <<= 1;
    }
    if (hi == kMaxCode) {
      bw.put(kClear, width);
      width = kMinWidth;
      hi = kEof;
      overflow = 1u << kMinWidth;
      dict.clear();
      return false;
    }
    return true;
  };

  std::uint32_t code = data[0];
  for (std::size_t i = 1; i < data.size(); ++i) {
    const std::uint32_t literal = data[i];
    const std::uint32_t key = code << 8 | literal;
    std::size_t slot = 0;
    if (const std::uint32_t found = dict.find(key, slot); found != 0) {
      code = found;
      continue;
    }
    bw.put(code, width);
    code = literal;
    if (next_code()) dict.insert(slot, key, hi);
  }
  bw.put(code, width);
  next_code();
  bw.put(kEof, width);
  bw.flush();
  return out;
}

Result<Bytes> lzw_decompress(ByteView data, std::size_t max_out) {
  // Every dictionary string is a substring of the output so far: the string for a new code
  // is the previous code's string plus the first byte of the current one, and the two sit
  // next to each other in the output. So a code maps to (position, length) in `out`.
  struct Span {
    std::uint32_t pos;
    std::uint32_t len;
  };
  Span table[kMaxCode + 1];  // only codes in [kFirstFree, defined_end) are ever read
  max_out = std::min<std::size_t>(max_out, std::numeric_limits<std::uint32_t>::max());

  Bytes out;
  out.reserve(std::min<std::size_t>(max_out, 3 * data.size() + 16));
  std::uint32_t width = kMinWidth, hi = kEof, overflow = 1u << kMinWidth;
  std::uint32_t defined_end = kFirstFree;
  bool have_last = false;
  Span last{};

  std::uint32_t bits = 0, nbits = 0;
  std::size_t in = 0;
  for (;;) {
    while (nbits < width) {
      if (in == data.size()) return Error::bad_compression;  // ended without the end code
      bits |= static_cast<std::uint32_t>(data[in++]) << nbits;
      nbits += 8;
    }
    const std::uint32_t code = bits & ((1u << width) - 1);
    bits >>= width;
    nbits -= width;

    const std::size_t start = out.size();
    std::size_t len = 0;
    if (code < kClear) {
      if (start + 1 > max_out) return Error::too_large;
      out.push_back(static_cast<std::uint8_t>(code));
      len = 1;
    } else if (code == kClear) {
      width = kMinWidth;
      hi = kEof;
      overflow = 1u << kMinWidth;
      defined_end = kFirstFree;
      have_last = false;
      continue;
    } else if (code == kEof) {
      return out;  // bytes after the end code are ignored, as Go ignores them
    } else if (code == hi && have_last) {
      // The code being defined right now: previous string plus its own first byte.
      len = std::size_t{last.len} + 1;
      if (start + len > max_out) return Error::too_large;
      out.resize(start + len);
      std::memcpy(out.data() + start, out.data() + last.pos, last.len);
      out[start + last.len] = out[last.pos];
    } else if (code < defined_end) {
      const Span s = table[code];
      len = s.len;
      if (start + len > max_out) return Error::too_large;
      out.resize(start + len);
      std::memcpy(out.data() + start, out.data() + s.pos, s.len);
    } else {
      return Error::bad_compression;  // a code not yet defined
    }

    if (have_last) {
      table[hi] = Span{last.pos, last.len + 1};
      defined_end = hi + 1;
    }
    have_last = true;
    last = Span{static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(len)};
    if (++hi >= overflow) {
      if (width == kMaxWidth) {
        // Out of codes and the writer did not clear: keep decoding with a full table.
        have_last = false;
        --hi;
      } else {
        ++width;
        overflow <<= 1;
      }
    }
  }
}

}  // namespace rumor::codec
