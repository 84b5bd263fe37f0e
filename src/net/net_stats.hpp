// Counters the runtime keeps about sockets and queues (the core counts protocol-level
// drops such as malformed messages in core::Stats). Plain integers, loop thread only;
// the facade hands out copies.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include <rumor/export.hpp>

RUMOR_PUBLIC_BEGIN
namespace rumor::net {

enum class QueueDrop : std::uint8_t {
  full,        // queue full, the new packet carried no alive: dropped on arrival
  evicted,     // an older packet without alive was dropped to make room for an alive
  full_alive,  // queue full of alive packets: the new alive was dropped
  count_
};
const char* to_string(QueueDrop d) noexcept;

// The inbound queue's counters (inbound_queue.hpp says how it drops).
struct InboundQueueStats {
  std::uint64_t enqueued = 0;
  std::uint64_t processed = 0;
  std::size_t high_water = 0;  // deepest the queue has been
  std::array<std::uint64_t, static_cast<std::size_t>(QueueDrop::count_)> dropped{};
  std::uint64_t dropped_total() const noexcept {
    std::uint64_t n = 0;
    for (auto d : dropped) n += d;
    return n;
  }
};

struct TransportStats {
  std::uint64_t packets_received = 0, packet_bytes_received = 0;
  std::uint64_t packets_sent = 0, packet_bytes_sent = 0;
  std::uint64_t empty_packets = 0;   // zero-length datagrams, dropped (memberlist too)
  std::uint64_t send_errors = 0;     // UDP sends the OS refused (full buffer, bad family)
  std::uint64_t receive_errors = 0;  // UDP receive errors other than shutdown
  std::uint64_t injected_drops = 0;  // datagrams dropped by TransportOptions::inject_inbound_loss

  std::uint64_t streams_opened = 0;    // outbound connects attempted
  std::uint64_t streams_accepted = 0;  // inbound connections
  std::uint64_t stream_connect_failures = 0;
  std::uint64_t stream_timeouts = 0;      // deadline or tcp_timeout passed
  std::uint64_t stream_frame_errors = 0;  // bytes that cannot be a message, or > the cap
  std::uint64_t stream_io_errors = 0;     // resets, early EOF, write failures
  std::uint64_t stream_bytes_received = 0, stream_bytes_sent = 0;
};

struct NetStats {
  TransportStats transport;
  InboundQueueStats queue;
  std::uint64_t handler_exceptions = 0;  // exceptions escaping a loop handler (a bug)
};

}  // namespace rumor::net
RUMOR_PUBLIC_END
