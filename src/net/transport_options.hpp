// Where a runtime binds and what it advertises.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "codec/packet.hpp"
#include "core/time.hpp"
#include <rumor/export.hpp>

RUMOR_PUBLIC_BEGIN
namespace rumor::net {

struct TransportOptions {
  // UDP and TCP share this address and port. Port 0 picks a free port (the same for both).
  std::string bind_host = "0.0.0.0";
  std::uint16_t bind_port = 7946;
  // What peers are told to use. Empty host: the bind host, which must then be a specific
  // address (an unspecified bind such as 0.0.0.0 needs an explicit advertise host).
  // Port 0: the bound port.
  std::string advertise_host;
  std::uint16_t advertise_port = 0;
  // Bounds an inbound stream from accept to the reply written (memberlist's TCPTimeout).
  core::Duration tcp_timeout = std::chrono::seconds(10);
  std::size_t max_stream_bytes = codec::kMaxStreamBytes;
  // Cap on inbound streams handled at once; more are closed on accept.
  std::size_t max_inbound_streams = 256;
  // Testing aid: drop this fraction of inbound datagrams at random, as a lossy network
  // would (soaks and chaos tests on loopback). Streams are never touched: TCP does not
  // lose data. 0 in production.
  double inject_inbound_loss = 0.0;
  // Optional: called on the loop thread with a line for a debug log, worded as
  // memberlist words its own ("Stream connection from=127.0.0.1:53470", component
  // "memberlist"). It must not block.
  std::function<void(const std::string&)> debug_log;
};

}  // namespace rumor::net
RUMOR_PUBLIC_END
