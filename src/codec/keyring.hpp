// memberlist's Keyring (keyring.go) as a value: the AES keys a node encrypts with and
// accepts. The primary key seals everything sent; every key is tried on what arrives,
// primary first, so a cluster can rotate keys (install everywhere, use, then remove).
//
// Departures: a Keyring always holds at least its primary key (memberlist allows an
// empty ring meaning "no encryption"; here that is "no Keyring"), and it is a plain
// value without a lock: whoever shares one between threads guards it.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "codec/bytes.hpp"
#include "codec/result.hpp"

namespace rumor::codec {

// AES-128, AES-192 or AES-256: Error::bad_key for any other length.
Status validate_key(ByteView key);

// A key from Serf's text form (standard base64, as `serf keygen` prints it), validated.
Result<Bytes> key_from_base64(std::string_view text);

class Keyring {
 public:
  // A ring holding `primary`, then each of `others` not equal to it (duplicates dropped).
  static Result<Keyring> create(ByteView primary, const std::vector<Bytes>& others = {});

  // Adds a key for decryption; a key already installed is left where it is (memberlist).
  Status install(ByteView key);
  // Makes an installed key the primary; Error::unknown_key if it is not installed.
  Status use(ByteView key);
  // Drops a key. Error::primary_key for the primary; a key not installed is a no-op,
  // as in memberlist (Serf's remove-key then reports success).
  Status remove(ByteView key);

  // Primary first, then the others in installation order.
  const std::vector<Bytes>& keys() const noexcept { return keys_; }
  ByteView primary() const noexcept { return keys_.front(); }
  bool contains(ByteView key) const noexcept;

  friend bool operator==(const Keyring&, const Keyring&) = default;

 private:
  explicit Keyring(Bytes primary);
  std::vector<Bytes> keys_;  // never empty
};

}  // namespace rumor::codec
