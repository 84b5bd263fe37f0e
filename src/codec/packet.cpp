// Sealing and opening UDP packets and TCP streams (spec sections 4 and 6).
//
// Opening follows memberlist's ingestPacket/handleCommand: the CRC header is honoured only
// as the outermost layer (after the label), while compress and compound may nest inside
// each other, each part going through the same dispatch. Departures: nesting is limited to
// kMaxPacketNesting layers, and the decompressed bytes of one packet are limited to
// kMaxDecompressed in total rather than per compressed layer.
//
// Encryption sits between the label and the CRC for packets (AAD: the label) and wraps
// the whole message after the label for streams (AAD: [10][u32 length] + label), as in
// memberlist's rawSendMsgPacket / ingestPacket and encryptLocalState / readStream.
#include "codec/packet.hpp"

#include <stdexcept>

#include "codec/label.hpp"

namespace rumor::codec {
namespace {

std::uint32_t read_be32(const std::uint8_t* p) {
  return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}

void append_be32(std::uint32_t v, Bytes& out) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

ByteView label_bytes(std::string_view label) {
  return ByteView(reinterpret_cast<const std::uint8_t*>(label.data()), label.size());
}

// A stream's AAD: its [10][u32 length] header, then the label (nothing more without a
// label, which is what serf 0.8.2, from before labels existed, authenticates).
Bytes stream_aad(ByteView header, std::string_view label) {
  Bytes aad(header.begin(), header.end());
  aad.insert(aad.end(), label.begin(), label.end());
  return aad;
}

// Appends msg sealed with the primary key and a fresh nonce.
void append_encrypted(const EncryptOptions& opt, ByteView msg, ByteView aad, Bytes& out) {
  const Nonce nonce = opt.nonce();
  // The keyring holds only valid keys, so this fails only past GCM's 2 GiB.
  if (!encrypt_payload(opt.version, opt.keyring->primary(), nonce, msg, aad, out))
    throw std::length_error("message too large to encrypt");
}

// [10][u32 length][payload] after the label -> the message it encrypts.
Result<Bytes> decrypt_stream(ByteView msg, std::string_view label, const Keyring* keyring) {
  // memberlist refuses it too: "Remote state is encrypted and encryption is not configured".
  if (keyring == nullptr) return Error::undecryptable;
  if (msg.size() < kStreamEncryptHeader) return Error::truncated;
  const std::uint32_t length = read_be32(msg.data() + 1);
  if (length > kMaxStreamBytes) return Error::too_large;
  const ByteView payload = msg.subspan(kStreamEncryptHeader);
  if (payload.size() < length) return Error::truncated;
  // memberlist reads exactly `length` bytes; a framed stream has nothing after them.
  if (payload.size() > length) return Error::trailing_bytes;
  return decrypt_payload(*keyring, payload, stream_aad(msg.first(kStreamEncryptHeader), label));
}

// Flattens one packet's compress and compound layers into plain messages.
class Unpacker {
 public:
  explicit Unpacker(OpenedPacket& result) : result_(result) {}

  // Failures of the outer layers fail the packet; inside a compound a bad part is
  // counted in dropped_parts and the other parts are kept, as memberlist does.
  Status dispatch(ByteView msg, int depth, bool in_part) {
    auto fail = [&](Error e) -> Status {
      if (!in_part) return e;
      ++result_.dropped_parts;
      return Ok{};
    };
    if (msg.empty()) return fail(Error::truncated);
    const auto type = static_cast<MessageType>(msg[0]);
    const ByteView body = msg.subspan(1);
    if (type == MessageType::compress) {
      if (depth >= kMaxPacketNesting) return fail(Error::too_deep);
      auto inner = decompress_message(body, budget_);
      if (!inner) return fail(inner.error());
      budget_ -= inner->size();
      // The buffer moves with the Bytes, so views into it stay valid as storage grows.
      const Bytes& stored = result_.storage.emplace_back(std::move(*inner));
      return dispatch(stored, depth + 1, in_part);
    }
    if (type == MessageType::compound) {
      if (depth >= kMaxPacketNesting) return fail(Error::too_deep);
      auto parts = split_compound(body);
      if (!parts) return fail(parts.error());
      result_.dropped_parts += parts->truncated;
      for (ByteView part : parts->parts) {
        Status st = dispatch(part, depth + 1, true);
        if (!st) return st;
      }
      return Ok{};
    }
    // Anything else is a message for the core, unknown types included: it counts them.
    result_.messages.push_back(PacketMessage{type, body});
    return Ok{};
  }

 private:
  OpenedPacket& result_;
  std::size_t budget_ = kMaxDecompressed;
};

}  // namespace

Bytes seal_packet(ByteView msg, const SealOptions& opt) {
  Bytes out;
  seal_packet(msg, opt, out);
  return out;
}

void seal_packet(ByteView msg, const SealOptions& opt, Bytes& out) {
  out.clear();
  Bytes compressed;
  ByteView payload = msg;
  if (opt.compress) {
    compressed = compress_message(msg);
    if (compressed.size() < msg.size()) payload = compressed;  // as memberlist: only if smaller
  }
  const std::string_view label = opt.label.substr(0, kMaxLabelBytes);  // as append_label
  const bool encrypt = opt.encrypt.keyring != nullptr;
  out.reserve(label_overhead(label) + (opt.crc ? kCrcOverhead : 0) + payload.size() +
              (encrypt ? encrypt_overhead(opt.encrypt.version) : 0));
  append_label(label, out);
  // Without encryption the CRC and message go straight after the label.
  Bytes plain;
  Bytes& inner = encrypt ? plain : out;
  if (opt.crc) {
    inner.push_back(static_cast<std::uint8_t>(MessageType::has_crc));
    append_be32(crc32_ieee(payload), inner);
  }
  inner.insert(inner.end(), payload.begin(), payload.end());
  if (encrypt) append_encrypted(opt.encrypt, plain, label_bytes(label), out);
}

Result<OpenedPacket> open_packet(ByteView packet, std::string_view expected_label,
                                 const DecryptOptions& decrypt) {
  OpenedPacket result;
  auto rest = strip_expected_label(packet, expected_label, result.label);
  if (!rest) return rest.error();
  ByteView msg = *rest;
  if (decrypt.keyring != nullptr) {
    auto plain = decrypt_payload(*decrypt.keyring, msg, label_bytes(result.label));
    if (plain) {
      msg = result.storage.emplace_back(std::move(*plain));
      result.decrypted = true;
    } else if (decrypt.verify_incoming) {
      return plain.error();
    }
    // Not verifying: as memberlist, what no key opens is read as a plain packet.
  }
  if (!msg.empty() && msg[0] == static_cast<std::uint8_t>(MessageType::has_crc)) {
    if (msg.size() < kCrcOverhead) return Error::truncated;
    const std::uint32_t expected = read_be32(msg.data() + 1);
    msg = msg.subspan(kCrcOverhead);
    if (crc32_ieee(msg) != expected) return Error::bad_crc;
  }
  Status st = Unpacker(result).dispatch(msg, 0, false);
  if (!st) return st.error();
  // Moved, never copied: the message views point into the storage buffers.
  return Result<OpenedPacket>(std::move(result));
}

Bytes seal_stream(ByteView msg, std::string_view label, bool compress,
                  const EncryptOptions& encrypt) {
  label = label.substr(0, kMaxLabelBytes);  // as append_label
  Bytes out;
  append_label(label, out);
  // Streams compress unconditionally when enabled, as memberlist's sendLocalState does.
  Bytes compressed;
  const ByteView payload = compress ? ByteView(compressed = compress_message(msg)) : msg;
  if (encrypt.keyring == nullptr) {
    out.insert(out.end(), payload.begin(), payload.end());
    return out;
  }
  const std::size_t header_at = out.size();
  out.push_back(static_cast<std::uint8_t>(MessageType::encrypt));
  append_be32(static_cast<std::uint32_t>(encrypted_length(encrypt.version, payload.size())), out);
  const Bytes aad = stream_aad(ByteView(out).subspan(header_at), label);
  append_encrypted(encrypt, payload, aad, out);
  return out;
}

Result<OpenedStream> open_stream(ByteView stream, std::string_view expected_label,
                                 const DecryptOptions& decrypt) {
  std::string label;
  auto rest = strip_expected_label(stream, expected_label, label);
  if (!rest) return rest.error();
  if (rest->empty()) return Error::truncated;
  OpenedStream out{MessageType::ping, {}, {}};
  ByteView msg = *rest;
  if (msg[0] == static_cast<std::uint8_t>(MessageType::encrypt)) {
    auto plain = decrypt_stream(msg, label, decrypt.keyring);
    if (!plain) return plain.error();
    if (plain->empty()) return Error::truncated;
    out.storage = std::move(*plain);
    out.decrypted = true;
    msg = out.storage;
  } else if (decrypt.keyring != nullptr && decrypt.verify_incoming) {
    // memberlist: "Encryption is configured but remote state is not encrypted".
    return Error::undecryptable;
  }
  out.type = static_cast<MessageType>(msg[0]);
  out.body = msg.subspan(1);
  if (out.type == MessageType::compress) {
    auto inner = decompress_message(out.body);
    if (!inner) return inner.error();
    if (inner->empty()) return Error::truncated;
    out.storage = std::move(*inner);  // the decrypted bytes, if any, are no longer needed
    out.type = static_cast<MessageType>(out.storage[0]);
    out.body = ByteView(out.storage).subspan(1);
  }
  // Moved, never copied: body may point into storage.
  return Result<OpenedStream>(std::move(out));
}

}  // namespace rumor::codec
