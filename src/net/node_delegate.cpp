// The facade's delegate; see node_delegate.hpp.
#include "net/node_delegate.hpp"

namespace rumor::net {

Bytes NodeDelegate::node_meta(std::size_t limit) {
  // The facade refuses meta over the limit; this cut is only a last guard.
  if (meta_.size() <= limit) return meta_;
  return Bytes(meta_.begin(), meta_.begin() + static_cast<std::ptrdiff_t>(limit));
}

void NodeDelegate::notify_message(ByteView msg) {
  Event e;
  e.kind = EventKind::user_message;
  e.payload.assign(msg.begin(), msg.end());
  events_.push_back(std::move(e));
}

}  // namespace rumor::net
