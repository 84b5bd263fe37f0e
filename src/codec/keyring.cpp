// The keyring; see keyring.hpp.
#include "codec/keyring.hpp"

#include <algorithm>

#include "codec/base64.hpp"

namespace rumor::codec {
namespace {

bool same(ByteView a, ByteView b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

}  // namespace

Status validate_key(ByteView key) {
  const std::size_t n = key.size();
  if (n != 16 && n != 24 && n != 32) return Error::bad_key;
  return Ok{};
}

Result<Bytes> key_from_base64(std::string_view text) {
  auto key = base64_decode(text);
  if (!key) return Error::bad_key;
  if (Status st = validate_key(*key); !st) return st.error();
  return key;
}

Keyring::Keyring(Bytes primary) {
  keys_.push_back(std::move(primary));
}

Result<Keyring> Keyring::create(ByteView primary, const std::vector<Bytes>& others) {
  if (Status st = validate_key(primary); !st) return st.error();
  Keyring ring(Bytes(primary.begin(), primary.end()));
  for (const Bytes& key : others) {
    if (Status st = ring.install(key); !st) return st.error();
  }
  return ring;
}

bool Keyring::contains(ByteView key) const noexcept {
  return std::any_of(keys_.begin(), keys_.end(), [&](const Bytes& k) { return same(k, key); });
}

Status Keyring::install(ByteView key) {
  if (Status st = validate_key(key); !st) return st;
  if (!contains(key)) keys_.emplace_back(key.begin(), key.end());
  return Ok{};
}

Status Keyring::use(ByteView key) {
  auto it = std::find_if(keys_.begin(), keys_.end(), [&](const Bytes& k) { return same(k, key); });
  if (it == keys_.end()) return Error::unknown_key;
  // The new primary moves to the front; the others keep their order, as installKeys does.
  std::rotate(keys_.begin(), it, it + 1);
  return Ok{};
}

Status Keyring::remove(ByteView key) {
  if (same(primary(), key)) return Error::primary_key;
  std::erase_if(keys_, [&](const Bytes& k) { return same(k, key); });
  return Ok{};
}

}  // namespace rumor::codec
