// Serf's keyring file: a JSON list of base64 keys, primary first. The agent loads it at
// start and rewrites it atomically whenever a key query changes the ring.
#pragma once

#include <memory>
#include <string>

#include "codec/keyring.hpp"

namespace rumor::agent {

// The keyring an agent starts with, as serf 0.8.2's agent decides: from encrypt_key
// (base64), or from a keyring file (a JSON list of base64 keys, primary first), never
// both. Neither: nullptr (no encryption). Errors name the key or the file.
std::string load_keyring(const std::string& encrypt_key, const std::string& keyring_file,
                         std::shared_ptr<codec::Keyring>& out);

std::string write_keyring_file(const std::string& path, const codec::Keyring& ring);

}  // namespace rumor::agent
