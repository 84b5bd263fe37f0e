// Names for message type bytes, for logs and metrics.
#include "codec/messages.hpp"

namespace rumor::codec {

const char* to_string(MessageType t) noexcept {
  switch (t) {
    case MessageType::ping:
      return "ping";
    case MessageType::indirect_ping:
      return "indirect_ping";
    case MessageType::ack:
      return "ack";
    case MessageType::suspect:
      return "suspect";
    case MessageType::alive:
      return "alive";
    case MessageType::dead:
      return "dead";
    case MessageType::push_pull:
      return "push_pull";
    case MessageType::compound:
      return "compound";
    case MessageType::user:
      return "user";
    case MessageType::compress:
      return "compress";
    case MessageType::encrypt:
      return "encrypt";
    case MessageType::nack:
      return "nack";
    case MessageType::has_crc:
      return "has_crc";
    case MessageType::error:
      return "error";
    case MessageType::has_label:
      return "has_label";
  }
  return "unknown";
}

}  // namespace rumor::codec
