#include "agent/keyring_file.hpp"

#include <nlohmann/json.hpp>

#include "codec/base64.hpp"
#include "files/atomic_file.hpp"

namespace rumor::agent {

using files::read_whole_file;
using files::write_file_atomically;

namespace {

std::string decode_key(const std::string& b64, const std::string& what, Bytes& out) {
  auto key = codec::key_from_base64(b64);
  if (!key) return what + ": not a valid key (base64 of 16, 24 or 32 bytes)";
  out = std::move(*key);
  return {};
}

}  // namespace

std::string load_keyring(const std::string& encrypt_key, const std::string& keyring_file,
                         std::shared_ptr<codec::Keyring>& out) {
  out.reset();
  if (!encrypt_key.empty() && !keyring_file.empty())
    return "encrypt_key: not allowed while using a keyring file (as serf)";
  if (!encrypt_key.empty()) {
    Bytes key;
    if (auto err = decode_key(encrypt_key, "encrypt_key", key); !err.empty()) return err;
    auto ring = codec::Keyring::create(key);
    if (!ring) return "encrypt_key: not a valid key";
    out = std::make_shared<codec::Keyring>(std::move(*ring));
    return {};
  }
  if (keyring_file.empty()) return {};
  files::remove_stale_temporaries(keyring_file);  // left by an agent killed mid-write
  std::string err;
  const std::string text = read_whole_file(keyring_file, err);
  if (!err.empty()) return "keyring_file: " + err;
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_array())
    return "keyring_file: " + keyring_file + ": expected a JSON list of base64 keys";
  if (j.empty()) return "keyring_file: " + keyring_file + ": contains no keys";
  std::vector<Bytes> keys;
  for (const auto& k : j) {
    if (!k.is_string()) return "keyring_file: " + keyring_file + ": keys must be strings";
    Bytes key;
    if (auto e = decode_key(k.get<std::string>(), "keyring_file: " + keyring_file, key); !e.empty())
      return e;
    keys.push_back(std::move(key));
  }
  const Bytes primary = keys.front();
  keys.erase(keys.begin());
  auto ring = codec::Keyring::create(primary, keys);
  if (!ring) return "keyring_file: " + keyring_file + ": unusable keys";
  out = std::make_shared<codec::Keyring>(std::move(*ring));
  return {};
}

std::string write_keyring_file(const std::string& path, const codec::Keyring& ring) {
  nlohmann::json keys = nlohmann::json::array();
  for (const auto& k : ring.keys()) keys.push_back(codec::base64_encode(k));
  return write_file_atomically(path, keys.dump(1) + "\n");
}

}  // namespace rumor::agent
