// Shared oracles for the fuzz targets: a failed check aborts so libFuzzer records a crash.
// Beyond "no crash, no sanitizer report", every decoded message must survive a
// re-encode/decode cycle unchanged.
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "codec/messages.hpp"
#include "codec/packet.hpp"

#define FUZZ_CHECK(cond)                                                            \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                 \
    }                                                                               \
  } while (0)

namespace rumor::codec::fuzz {

// decode(encode(m)) == m and encode is a fixed point for the decoded value.
template <class M, class Decode>
void check_stable(const Result<M>& decoded, Decode decode) {
  if (!decoded.ok()) return;
  Bytes once;
  encode(*decoded, once);
  auto again = decode(ByteView(once).subspan(1));
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(*again == *decoded);
  Bytes twice;
  encode(*again, twice);
  FUZZ_CHECK(twice == once);
}

inline bool same_bytes(ByteView a, ByteView b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

// The view decoders accept exactly what the owning ones do and read the same fields.
inline void check_alive_view(ByteView body) {
  const auto owned = decode_alive(body);
  const auto view = decode_alive_view(body);
  FUZZ_CHECK(owned.ok() == view.ok());
  if (!owned) return;
  FUZZ_CHECK(view->incarnation == owned->incarnation && view->node == owned->node &&
             view->addr == owned->addr && view->port == owned->port &&
             same_bytes(view->meta, owned->meta) && same_bytes(view->vsn, owned->vsn));
}

inline void check_push_pull_view(ByteView body) {
  const auto owned = decode_push_pull(body);
  PushPullView view;
  FUZZ_CHECK(owned.ok() == decode_push_pull_view(body, view).ok());
  if (!owned) return;
  FUZZ_CHECK(view.join == owned->join && view.nodes.size() == owned->nodes.size() &&
             same_bytes(view.user_state, owned->user_state));
  for (std::size_t i = 0; i < view.nodes.size(); ++i) {
    const auto& v = view.nodes[i];
    const auto& o = owned->nodes[i];
    FUZZ_CHECK(v.name == o.name && v.addr == o.addr && v.port == o.port &&
               same_bytes(v.meta, o.meta) && v.incarnation == o.incarnation && v.state == o.state &&
               same_bytes(v.vsn, o.vsn));
  }
  // What the view encodes is what the owned message encodes.
  Bytes a, b;
  encode(*owned, a);
  encode(view, b);
  FUZZ_CHECK(a == b);
}

// Decodes a message body of the given type and checks it is stable.
inline void decode_and_check(MessageType type, ByteView body) {
  switch (type) {
    case MessageType::ping:
      check_stable(decode_ping(body), decode_ping);
      break;
    case MessageType::indirect_ping:
      check_stable(decode_indirect_ping(body), decode_indirect_ping);
      break;
    case MessageType::ack:
      check_stable(decode_ack(body), decode_ack);
      break;
    case MessageType::nack:
      check_stable(decode_nack(body), decode_nack);
      break;
    case MessageType::suspect:
      check_stable(decode_suspect(body), decode_suspect);
      break;
    case MessageType::alive:
      check_stable(decode_alive(body), decode_alive);
      check_alive_view(body);
      break;
    case MessageType::dead:
      check_stable(decode_dead(body), decode_dead);
      break;
    case MessageType::error:
      check_stable(decode_error(body), decode_error);
      break;
    case MessageType::push_pull:
      check_stable(decode_push_pull(body), decode_push_pull);
      check_push_pull_view(body);
      break;
    case MessageType::user: {
      auto payload = decode_user_stream(body);
      if (payload.ok()) {
        Bytes out;
        encode_user_stream(*payload, out);
        auto again = decode_user_stream(ByteView(out).subspan(1));
        FUZZ_CHECK(again.ok() && *again == *payload);
      }
      break;
    }
    default:
      break;
  }
}

}  // namespace rumor::codec::fuzz
