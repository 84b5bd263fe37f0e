// Key queries: names, a member's answer, the querier's tally. See keys.hpp.
#include "serf/keys.hpp"

#include <array>

#include "codec/base64.hpp"

namespace rumor::serf {
namespace {

constexpr std::array<std::string_view, 4> kNames = {"install-key", "use-key", "remove-key",
                                                    "list-keys"};

// The texts memberlist's Keyring returns (keyring.go) and Serf forwards as the message.
std::string keyring_message(codec::Error e) {
  switch (e) {
    case codec::Error::bad_key:
      return "key size must be 16, 24 or 32 bytes";
    case codec::Error::unknown_key:
      return "Requested key is not in the keyring";
    case codec::Error::primary_key:
      return "Removing the primary key is not allowed";
    default:
      return codec::to_string(e);
  }
}

// Go's %v of a []byte: "[8 131 164]".
std::string go_bytes(ByteView b) {
  std::string out = "[";
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i > 0) out += ' ';
    out += std::to_string(b[i]);
  }
  return out + "]";
}

}  // namespace

std::string_view key_query_name(KeyOp op) noexcept {
  return kNames[static_cast<std::size_t>(op)];
}

std::optional<KeyOp> key_op_from_query_name(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kNames.size(); ++i)
    if (kNames[i] == name) return static_cast<KeyOp>(i);
  return std::nullopt;
}

KeyResponseMsg answer_key_query(KeyOp op, ByteView request, codec::Keyring* ring) {
  KeyResponseMsg resp;
  if (op == KeyOp::list) {
    if (ring == nullptr) {
      resp.message = "Keyring is empty (encryption not enabled)";
      return resp;
    }
    for (const Bytes& key : ring->keys()) resp.keys.push_back(codec::base64_encode(key));
    resp.result = true;
    return resp;
  }
  // Go decodes first (skipping the type byte unchecked), then looks for a keyring.
  auto req = request.empty() ? Result<KeyRequestMsg>(Error::truncated)
                             : decode_key_request(request.subspan(1));
  if (!req) {
    resp.message = "Failed to decode key request";
    return resp;
  }
  if (ring == nullptr) {
    resp.message = "No keyring to modify (encryption not enabled)";
    return resp;
  }
  const Status st = op == KeyOp::install ? ring->install(req->key)
                    : op == KeyOp::use   ? ring->use(req->key)
                                         : ring->remove(req->key);
  if (!st) {
    resp.message = keyring_message(st.error());
    return resp;
  }
  resp.result = true;
  return resp;
}

bool KeyResponse::add(std::string_view from, ByteView payload) {
  if (complete()) return true;
  ++num_resp;
  const std::string node(from);
  if (payload.empty() || static_cast<MessageType>(payload[0]) != MessageType::key_response) {
    messages[node] = "Invalid key query response type: " + go_bytes(payload);
    ++num_err;
    return complete();
  }
  auto answer = decode_key_response(payload.subspan(1));
  if (!answer) {
    messages[node] = "Failed to decode key query response: " + go_bytes(payload);
    ++num_err;
    return complete();
  }
  if (!answer->result) {
    messages[node] = answer->message;
    ++num_err;
  }
  for (const std::string& key : answer->keys) ++keys[key];
  if (answer->primary_key && !answer->primary_key->empty()) ++primary_keys[*answer->primary_key];
  return complete();
}

std::optional<std::string> KeyResponse::error() const {
  if (num_err != 0)
    return std::to_string(num_err) + "/" + std::to_string(num_nodes) + " nodes reported failure";
  if (num_resp != num_nodes)
    return std::to_string(num_resp) + "/" + std::to_string(num_nodes) + " nodes reported success";
  return std::nullopt;
}

}  // namespace rumor::serf
