// What a Node asks its shell to do. The simulator, the tests and the Asio runtime each
// implement this small interface; the core never performs I/O itself.
#pragma once

#include <cstdint>

#include "codec/bytes.hpp"
#include "codec/ip.hpp"
#include "core/time.hpp"
#include <rumor/export.hpp>

RUMOR_PUBLIC_BEGIN
namespace rumor::core {

using StreamId = std::uint64_t;

class Effects {
 public:
  virtual ~Effects() = default;

  // Send one UDP datagram (already sealed: CRC, compression, label).
  virtual void send_packet(const Address& to, ByteView packet) = 0;

  // Open a stream (TCP) to `to` and write `request`. When `expect_reply`, the shell
  // reads one reply and delivers it with Node::on_stream_reply(id, ...), or calls
  // Node::on_stream_failed(id, ...) on error or when `deadline` passes. Without a reply
  // the shell closes the stream once written and reports nothing.
  virtual void open_stream(StreamId id, const Address& to, ByteView request, bool expect_reply,
                           Time deadline) = 0;

  // Write the reply on an inbound stream (see Node::on_stream), then close it. A stream
  // that gets no reply_stream during on_stream is closed by the shell.
  virtual void reply_stream(StreamId id, ByteView reply) = 0;
};

}  // namespace rumor::core
RUMOR_PUBLIC_END
