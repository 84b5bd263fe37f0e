// AES-GCM through OpenSSL's EVP interface; see crypto.hpp for the layout.
#include "codec/crypto.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <climits>
#include <memory>
#include <new>

namespace rumor::codec {
namespace {

struct CtxFree {
  void operator()(EVP_CIPHER_CTX* ctx) const noexcept { EVP_CIPHER_CTX_free(ctx); }
};
using Ctx = std::unique_ptr<EVP_CIPHER_CTX, CtxFree>;

Ctx new_ctx() {
  Ctx ctx(EVP_CIPHER_CTX_new());
  if (!ctx) throw std::bad_alloc();  // OpenSSL fails here only when out of memory
  return ctx;
}

// The key length picks AES-128, -192 or -256, as Go's aes.NewCipher does.
const EVP_CIPHER* gcm_for(std::size_t key_size) noexcept {
  switch (key_size) {
    case 16:
      return EVP_aes_128_gcm();
    case 24:
      return EVP_aes_192_gcm();
    case 32:
      return EVP_aes_256_gcm();
    default:
      return nullptr;
  }
}

// EVP counts in int.
bool fits_int(std::size_t n) noexcept {
  return n <= static_cast<std::size_t>(INT_MAX) - kAesBlockSize;
}

int as_int(std::size_t n) noexcept {
  return static_cast<int>(n);
}

// Runs GCM over `in` into `out` (same size) with `aad`; false on any OpenSSL failure.
// Decrypting, `tag` is checked; encrypting, it is written.
bool run_gcm(EVP_CIPHER_CTX* ctx, bool encrypt, ByteView key, const std::uint8_t* nonce,
             ByteView aad, ByteView in, std::uint8_t* out, std::uint8_t* tag) {
  const EVP_CIPHER* cipher = gcm_for(key.size());
  if (cipher == nullptr) return false;
  const int enc = encrypt ? 1 : 0;
  // A 12-byte IV is GCM's default in OpenSSL, as in Go's cipher.NewGCM.
  if (EVP_CipherInit_ex(ctx, cipher, nullptr, key.data(), nonce, enc) != 1) return false;
  int n = 0;
  if (!aad.empty() && EVP_CipherUpdate(ctx, nullptr, &n, aad.data(), as_int(aad.size())) != 1)
    return false;
  if (!in.empty() && EVP_CipherUpdate(ctx, out, &n, in.data(), as_int(in.size())) != 1)
    return false;
  if (!encrypt && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, as_int(kTagSize), tag) != 1)
    return false;
  // GCM is a stream mode: Final writes nothing, but it is where the tag is checked.
  std::uint8_t unused[kAesBlockSize];
  if (EVP_CipherFinal_ex(ctx, unused, &n) != 1) return false;
  if (encrypt && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, as_int(kTagSize), tag) != 1)
    return false;
  return true;
}

// PKCS7 padding added by version 0: 1 to 16 bytes, each holding the count.
std::size_t padding_for(std::size_t msg_size) noexcept {
  return kAesBlockSize - msg_size % kAesBlockSize;
}

bool strip_padding(Bytes& plain) noexcept {
  if (plain.empty()) return false;
  const std::uint8_t pad = plain.back();
  if (pad == 0 || pad > kAesBlockSize || pad > plain.size()) return false;
  if (!std::all_of(plain.end() - pad, plain.end(), [&](std::uint8_t b) { return b == pad; }))
    return false;
  plain.resize(plain.size() - pad);
  return true;
}

}  // namespace

std::size_t encrypt_overhead(EncryptionVersion version) noexcept {
  return kEncryptOverhead + (version == EncryptionVersion::padded ? kAesBlockSize : 0);
}

std::size_t encrypted_length(EncryptionVersion version, std::size_t msg_size) noexcept {
  const std::size_t pad = version == EncryptionVersion::padded ? padding_for(msg_size) : 0;
  return kEncryptOverhead + msg_size + pad;
}

Status encrypt_payload(EncryptionVersion version, ByteView key,
                       std::span<const std::uint8_t, kNonceSize> nonce, ByteView msg, ByteView aad,
                       Bytes& out) {
  if (Status st = validate_key(key); !st) return st;
  if (!fits_int(msg.size()) || !fits_int(aad.size())) return Error::too_large;
  Bytes padded;
  ByteView plain = msg;
  if (version == EncryptionVersion::padded) {
    const std::size_t pad = padding_for(msg.size());
    padded.reserve(msg.size() + pad);
    padded.assign(msg.begin(), msg.end());
    padded.insert(padded.end(), pad, static_cast<std::uint8_t>(pad));
    plain = padded;
  }
  const std::size_t start = out.size();
  out.resize(start + kEncryptHeaderSize + plain.size() + kTagSize);
  std::uint8_t* p = out.data() + start;
  p[0] = static_cast<std::uint8_t>(version);
  std::copy(nonce.begin(), nonce.end(), p + 1);
  std::uint8_t* cipher = p + kEncryptHeaderSize;
  Ctx ctx = new_ctx();
  if (!run_gcm(ctx.get(), true, key, nonce.data(), aad, plain, cipher, cipher + plain.size())) {
    out.resize(start);
    // With a valid key and sizes this is out of OpenSSL's memory, nothing else.
    throw std::bad_alloc();
  }
  return Ok{};
}

Result<Bytes> decrypt_payload(const Keyring& keyring, ByteView payload, ByteView aad) {
  if (payload.empty()) return Error::truncated;
  if (payload[0] > static_cast<std::uint8_t>(EncryptionVersion::unpadded))
    return Error::undecryptable;
  const auto version = static_cast<EncryptionVersion>(payload[0]);
  if (payload.size() < encrypted_length(version, 0)) return Error::truncated;
  if (!fits_int(payload.size()) || !fits_int(aad.size())) return Error::too_large;

  const std::uint8_t* nonce = payload.data() + 1;
  const ByteView cipher =
      payload.subspan(kEncryptHeaderSize, payload.size() - kEncryptHeaderSize - kTagSize);
  // EVP takes the expected tag through a non-const pointer; give it a copy.
  std::array<std::uint8_t, kTagSize> tag;
  std::copy(payload.end() - kTagSize, payload.end(), tag.begin());

  Ctx ctx = new_ctx();
  Bytes plain(cipher.size());
  for (const Bytes& key : keyring.keys()) {
    if (!run_gcm(ctx.get(), false, key, nonce, aad, cipher, plain.data(), tag.data())) continue;
    // Authenticated: only the sender's padding can still be wrong.
    if (version == EncryptionVersion::padded && !strip_padding(plain)) return Error::undecryptable;
    return plain;
  }
  return Error::undecryptable;
}

}  // namespace rumor::codec
