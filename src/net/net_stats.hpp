// Counters the runtime keeps about sockets and queues (the core counts protocol-level
// drops such as malformed messages in core::Stats). Plain integers, loop thread only;
// the facade hands out copies.
#pragma once

#include <cstdint>

#include "net/inbound_queue.hpp"

namespace rumor::net {

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
