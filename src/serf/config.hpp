// Serf's configuration (serf/config.go DefaultConfig) on top of the core's memberlist
// profile, and the values derived from it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/config.hpp"
#include "core/time.hpp"
#include "serf/coordinate.hpp"
#include "serf/tags.hpp"
#include <rumor/export.hpp>

RUMOR_PUBLIC_BEGIN
namespace rumor::serf {

using core::Duration;
using core::Time;
using namespace std::chrono_literals;

// Serf's delegate (protocol) versions; advertised as Vsn [3..5] of every alive message.
// The real serf 0.8.2 sends [2, 5, 5] (vectors/plain.vectors.txt: Vsn 01 05 02 02 05 05).
inline constexpr std::uint8_t kProtocolVersionMin = 2;
inline constexpr std::uint8_t kProtocolVersionMax = 5;
// Go's UserEventSizeLimit: the most any configuration may allow for name + payload.
inline constexpr std::size_t kUserEventSizeHardLimit = 9 * 1024;
// Prefix of the queries Serf answers itself (and never hands to the application).
inline constexpr std::string_view kInternalQueryPrefix = "_serf_";

struct Config {
  // The membership layer. Its name and advertise address are the node's; its
  // delegate_* versions are overwritten with Serf's. Its reconnect_interval and
  // reconnect_timeout drive reconnection to failed members (see serf.hpp).
  core::Config memberlist = core::Config::lan();
  Tags tags;
  std::uint8_t protocol_version = 5;

  std::size_t event_buffer = 512;  // slots in the event de-dup ring (pushed on push/pull)
  std::size_t query_buffer = 512;  // slots in the query de-dup ring
  int query_timeout_mult = 16;
  std::size_t query_size_limit = 1024;           // encoded query
  std::size_t query_response_size_limit = 1024;  // encoded response (and relay)
  std::size_t user_event_size_limit = 512;       // name + payload, and the encoded event

  Duration reap_interval = 15s;
  Duration reconnect_interval = 30s;
  Duration reconnect_timeout = 24h;  // failed members are reaped after this
  Duration tombstone_timeout = 24h;  // left members are reaped after this
  Duration recent_intent_timeout = 5min;
  Duration broadcast_timeout = 5s;
  Duration leave_propagate_delay = 1s;
  bool enable_name_conflict_resolution = true;
  // A key query that changed our keyring is answered once the shell reports the ring
  // saved (Serf::keyring_saved), as Go answers after writing its keyring file; a failed
  // save is then this member's failure. Off: answered at once (nothing is saved).
  bool answer_keys_once_saved = false;

  // Vivaldi network coordinates, carried in ack payloads (Go's DisableCoordinates).
  bool disable_coordinates = false;
  CoordinateConfig coordinates;

  // Serf's queue depth check: every queue_check_interval each of the three broadcast
  // queues is cut to max_queue_depth messages (or, if min_queue_depth > 0, to twice the
  // member count but at least min_queue_depth). A lone or cut-off node would otherwise
  // queue every event it is given for ever.
  std::size_t max_queue_depth = 4096;
  std::size_t min_queue_depth = 0;
  Duration queue_check_interval = 30s;

  // Go's GossipInterval * QueryTimeoutMult * ceil(log10(N + 1)).
  Duration default_query_timeout(std::size_t num_members) const;
};

}  // namespace rumor::serf
RUMOR_PUBLIC_END
