// CRC-32/IEEE (the polynomial of Go's crc32.ChecksumIEEE, zlib and Ethernet), used by the
// has-CRC packet header. Every packet to a protocol-5 peer is checksummed on both ends,
// so at simulator scale this is a tenth of all the work.
//
// On x86-64 CPUs with carry-less multiply, blocks of 64 bytes are folded with PCLMULQDQ
// (Gopal et al., "Fast CRC Computation for Generic Polynomials Using PCLMULQDQ", Intel
// 2009; the bit-reflected constants of its appendix), the rest by slicing-by-8: eight
// bytes per step through eight 256-entry tables built at compile time. Go's own
// crc32 package does the same folding. The choice is made once, from the CPU.
#include <array>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "codec/packet.hpp"

namespace rumor::codec {
namespace {

constexpr std::uint32_t kReflectedPoly = 0xedb88320u;

using Tables = std::array<std::array<std::uint32_t, 256>, 8>;

constexpr Tables make_tables() {
  Tables t{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1u) ? (c >> 1) ^ kReflectedPoly : c >> 1;
    t[0][i] = c;
  }
  // t[k][i]: the CRC contribution of byte i followed by k zero bytes.
  for (std::size_t k = 1; k < 8; ++k) {
    for (std::size_t i = 0; i < 256; ++i) {
      t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xffu];
    }
  }
  return t;
}

constexpr Tables kTables = make_tables();

std::uint32_t le32(const std::uint8_t* p) {
  return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 |
         std::uint32_t{p[3]} << 24;
}

// Advances the CRC register `c` (not inverted) over n bytes.
std::uint32_t slicing_by_8(std::uint32_t c, const std::uint8_t* p, std::size_t n) noexcept {
  const auto& t = kTables;
  for (; n >= 8; n -= 8, p += 8) {
    const std::uint32_t lo = c ^ le32(p);
    const std::uint32_t hi = le32(p + 4);
    c = t[7][lo & 0xffu] ^ t[6][(lo >> 8) & 0xffu] ^ t[5][(lo >> 16) & 0xffu] ^ t[4][lo >> 24] ^
        t[3][hi & 0xffu] ^ t[2][(hi >> 8) & 0xffu] ^ t[1][(hi >> 16) & 0xffu] ^ t[0][hi >> 24];
  }
  for (; n > 0; --n, ++p) c = t[0][(c ^ *p) & 0xffu] ^ (c >> 8);
  return c;
}

#if defined(__x86_64__)
#define RUMOR_PCLMUL __attribute__((target("pclmul,sse4.1")))

RUMOR_PCLMUL inline __m128i load(const std::uint8_t* q) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
}
// x * k (its two 64-bit halves by the two constants), plus the next 128 bits.
RUMOR_PCLMUL inline __m128i fold(__m128i x, __m128i k, __m128i next) {
  return _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x, k, 0x11), next),
                       _mm_clmulepi64_si128(x, k, 0x00));
}

// The register over n bytes, n >= 64 and a multiple of 16: four lanes folded 64 bytes at
// a time, then into one, then 16 bytes at a time, then reduced to 32 bits (Barrett).
RUMOR_PCLMUL std::uint32_t fold_pclmul(std::uint32_t c, const std::uint8_t* p,
                                       std::size_t n) noexcept {
  const __m128i k1k2 = _mm_set_epi64x(0x01c6e41596, 0x0154442bd4);
  const __m128i k3k4 = _mm_set_epi64x(0x00ccaa009e, 0x01751997d0);
  const __m128i k5 = _mm_set_epi64x(0, 0x0163cd6124);
  const __m128i poly = _mm_set_epi64x(0x01f7011641, 0x01db710641);
  __m128i x1 = _mm_xor_si128(load(p), _mm_cvtsi32_si128(static_cast<int>(c)));
  __m128i x2 = load(p + 16), x3 = load(p + 32), x4 = load(p + 48);
  p += 64;
  n -= 64;
  for (; n >= 64; n -= 64, p += 64) {
    x1 = fold(x1, k1k2, load(p));
    x2 = fold(x2, k1k2, load(p + 16));
    x3 = fold(x3, k1k2, load(p + 32));
    x4 = fold(x4, k1k2, load(p + 48));
  }
  x1 = fold(x1, k3k4, x2);
  x1 = fold(x1, k3k4, x3);
  x1 = fold(x1, k3k4, x4);
  for (; n >= 16; n -= 16, p += 16) x1 = fold(x1, k3k4, load(p));
  // 128 -> 64 bits.
  const __m128i mask32 = _mm_setr_epi32(~0, 0, ~0, 0);
  x1 = _mm_xor_si128(_mm_srli_si128(x1, 8), _mm_clmulepi64_si128(x1, k3k4, 0x10));
  x1 = _mm_xor_si128(_mm_clmulepi64_si128(_mm_and_si128(x1, mask32), k5, 0x00),
                     _mm_srli_si128(x1, 4));
  // Barrett reduction to 32 bits.
  __m128i t = _mm_clmulepi64_si128(_mm_and_si128(x1, mask32), poly, 0x10);
  t = _mm_clmulepi64_si128(_mm_and_si128(t, mask32), poly, 0x00);
  return static_cast<std::uint32_t>(_mm_extract_epi32(_mm_xor_si128(x1, t), 1));
}

bool have_pclmul() noexcept {
  static const bool yes = __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1");
  return yes;
}
#endif

}  // namespace

std::uint32_t crc32_ieee(ByteView data) noexcept {
  std::uint32_t c = 0xffffffffu;
  const std::uint8_t* p = data.data();
  std::size_t n = data.size();
#if defined(__x86_64__)
  if (n >= 64 && have_pclmul()) {
    const std::size_t blocks = n & ~std::size_t{15};
    c = fold_pclmul(c, p, blocks);
    p += blocks;
    n -= blocks;
  }
#endif
  return slicing_by_8(c, p, n) ^ 0xffffffffu;
}

std::uint32_t crc32_ieee_portable(ByteView data) noexcept {
  return slicing_by_8(0xffffffffu, data.data(), data.size()) ^ 0xffffffffu;
}

}  // namespace rumor::codec
