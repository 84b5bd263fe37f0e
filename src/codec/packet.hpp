// The UDP packet pipeline (spec section 4) and TCP stream framing (section 6).
//
// Outbound: messages -> compound(s) -> optional LZW compress -> optional CRC
//           -> optional encryption -> optional label.
// Inbound:  label -> decryption -> CRC -> compress -> compound, recursively, to a list of
//           plain messages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "codec/bytes.hpp"
#include "codec/crypto.hpp"
#include "codec/messages.hpp"
#include "codec/result.hpp"

namespace rumor::codec {

inline constexpr std::size_t kDefaultPacketBudget = 1400;  // memberlist's UDPBufferSize
inline constexpr std::size_t kCompoundHeaderOverhead = 2;  // [7][count]
inline constexpr std::size_t kCompoundPartOverhead = 2;    // u16 length per part
inline constexpr std::size_t kMaxCompoundParts = 255;
inline constexpr std::size_t kCrcOverhead = 5;              // [12][u32]
inline constexpr std::size_t kStreamEncryptHeader = 5;      // [10][u32 length] of a stream
inline constexpr std::size_t kMaxStreamBytes = 20u << 20;   // push/pull and user message cap
inline constexpr std::size_t kMaxDecompressed = 40u << 20;  // memberlist's LZW output cap
inline constexpr std::size_t kMaxLabelBytes = 255;          // the label length is one byte
inline constexpr int kMaxPacketNesting = 4;  // compress/compound layers open_packet unwraps

// Bytes a label header adds: 0 without a label, else 2 + size.
std::size_t label_overhead(std::string_view label) noexcept;

// Packs already-encoded messages ([type][body] each) into compound messages of at most
// 255 parts; a single message is returned as it is (no compound wrapper).
std::vector<Bytes> make_compounds(const std::vector<Bytes>& msgs);
// The same, handing each packet's message to emit(ByteView) as it is built in `scratch`
// (valid for the call); `group` is working space. Allocates nothing once both are warm.
template <class Emit>
void for_each_compound(std::span<const ByteView> msgs, std::vector<ByteView>& group, Bytes& scratch,
                       Emit&& emit);
// Appends one compound [7][n][len...][parts...] of msgs to out; requires 2 <= n <= 255.
void append_compound(std::span<const ByteView> msgs, Bytes& out);

struct SealOptions {
  std::string_view label;       // empty: no label header
  bool crc = true;              // add [12][crc32] (peers with PMax >= 5)
  bool compress = false;        // LZW-compress when it makes the packet smaller
  EncryptOptions encrypt = {};  // keyring unset: no encryption; AAD is the label
};
// Wraps one message (plain or compound) for the wire.
Bytes seal_packet(ByteView msg, const SealOptions& opt);
// The same into `out` (replacing what it held, reusing its capacity).
void seal_packet(ByteView msg, const SealOptions& opt, Bytes& out);

// A plain message found inside a packet: its type and the body after the type byte.
// Bodies point into storage owned by the OpenedPacket.
struct PacketMessage {
  MessageType type;
  ByteView body;
};

struct OpenedPacket {
  std::string label;                    // label found (empty if none)
  std::vector<PacketMessage> messages;  // in wire order, compounds flattened
  std::size_t dropped_parts = 0;        // truncated compound parts / bad inner layers
  std::vector<Bytes> storage;           // decrypted and decompressed buffers bodies point into
  bool decrypted = false;               // false: it came plain (no keyring, or not verifying)
};

// Opens a received packet. Fails when the outer layers are bad (label mismatch,
// decryption, CRC, compression); a truncated compound keeps the parts it could read and
// counts the rest. `expected_label`: packets must carry exactly this label (empty: must
// carry none). `decrypt`: see DecryptOptions (default: no keyring, packets are plain).
Result<OpenedPacket> open_packet(ByteView packet, std::string_view expected_label,
                                 const DecryptOptions& decrypt = {});

// Streams: the dialer writes the label header first; then one message, optionally
// compressed, then optionally encrypted as [10][u32 BE length][encrypted payload] with
// AAD = those 5 bytes + label. open_stream strips label, encryption and compression and
// returns [type][body].
Bytes seal_stream(ByteView msg, std::string_view label, bool compress,
                  const EncryptOptions& encrypt = {});
struct OpenedStream {
  MessageType type;
  ByteView body;
  Bytes storage;           // holds decrypted or decompressed bytes the body points into
  bool decrypted = false;  // false: it came plain
};
Result<OpenedStream> open_stream(ByteView stream, std::string_view expected_label,
                                 const DecryptOptions& decrypt = {});

// Building blocks, exposed for tests and fuzzing.
std::uint32_t crc32_ieee(ByteView data) noexcept;
// The same without CPU-specific instructions (what crc32_ieee does on other CPUs).
std::uint32_t crc32_ieee_portable(ByteView data) noexcept;
Bytes lzw_compress(ByteView data);  // Go compress/lzw, LSB, 8
Result<Bytes> lzw_decompress(ByteView data, std::size_t max_out = kMaxDecompressed);
// [9][msgpack {Algo:0, Buf: lzw(msg)}]
Bytes compress_message(ByteView msg);
// Body after [9] -> the inner message bytes.
Result<Bytes> decompress_message(ByteView body, std::size_t max_out = kMaxDecompressed);

struct CompoundParts {
  std::vector<ByteView> parts;
  std::size_t truncated = 0;
};
// Body after [7].
Result<CompoundParts> split_compound(ByteView body);

template <class Emit>
void for_each_compound(std::span<const ByteView> msgs, std::vector<ByteView>& group, Bytes& scratch,
                       Emit&& emit) {
  // A message longer than a part's u16 length goes out on its own; see compound.cpp.
  constexpr std::size_t kMaxPartBytes = 0xffff;
  auto flush = [&] {
    if (group.size() == 1) {
      emit(group.front());
    } else if (group.size() > 1) {
      scratch.clear();
      append_compound(group, scratch);
      emit(ByteView(scratch));
    }
    group.clear();
  };
  group.clear();
  for (const ByteView m : msgs) {
    if (m.size() > kMaxPartBytes) {
      flush();
      emit(m);
      continue;
    }
    group.push_back(m);
    if (group.size() == kMaxCompoundParts) flush();
  }
  flush();
}

}  // namespace rumor::codec
