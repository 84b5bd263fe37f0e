// Serf's key management (serf/keymanager.go and the key handlers of internal_query.go):
// the four internal queries that rotate the cluster's encryption key, what a member
// answers to each, and the tally the querier makes of the answers.
//
// A rotation is install (every member adds the new key), use (every member seals with
// it), remove (every member drops the old one); list shows which members hold which
// keys. Each step is one query; the operator checks every member answered before the
// next step, since a member that missed `install` cannot read what `use` makes others
// send.
//
// Departures from serf 0.8.2, each small:
// - A key request that does not decode is answered "Failed to decode key request"
//   (Go answers with an empty message).
// - A list-keys answer too large for the response limit is truncated with a note, as
//   later serf versions do (0.8.2 fails to answer at all).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "codec/bytes.hpp"
#include "codec/keyring.hpp"
#include "serf/messages.hpp"
#include <rumor/export.hpp>

RUMOR_PUBLIC_BEGIN
namespace rumor::serf {

enum class KeyOp : std::uint8_t { install, use, remove, list };

// The query name after Serf's "_serf_" prefix: "install-key", "use-key", "remove-key",
// "list-keys".
std::string_view key_query_name(KeyOp op) noexcept;
// The op of a name after the prefix; nothing for any other internal query.
std::optional<KeyOp> key_op_from_query_name(std::string_view name) noexcept;

// What a member answers to one key query, applying it to `ring` (nullptr: encryption is
// not enabled here) as internal_query.go does: install/use/remove decode the request's
// key and change the ring; list reads it (keys in base64, primary first). The messages
// are memberlist's and Serf's own, which the serf CLI shows.
KeyResponseMsg answer_key_query(KeyOp op, ByteView request, codec::Keyring* ring);

// Go's KeyResponse: the querier's tally of the answers, fed from
// EventSink::on_query_response until complete() or the query is done.
struct KeyResponse {
  std::map<std::string, std::string, std::less<>> messages;  // node -> its error
  std::map<std::string, std::size_t, std::less<>> keys;      // base64 key -> nodes holding it
  // base64 key -> nodes sealing with it; only members newer than serf 0.8.2 say.
  std::map<std::string, std::size_t, std::less<>> primary_keys;
  std::size_t num_nodes = 0;  // alive members when the query went out (Go's NumMembers)
  std::size_t num_resp = 0;
  std::size_t num_err = 0;

  // Counts one member's answer (a query response payload). Answers past num_nodes are
  // ignored, as Go stops reading there. Returns complete().
  bool add(std::string_view from, ByteView payload);
  bool complete() const noexcept { return num_resp >= num_nodes; }
  // Go's verdict: "N/M nodes reported failure" when any member failed, else "N/M nodes
  // reported success" when some did not answer; nothing when all answered and agreed.
  std::optional<std::string> error() const;
};

}  // namespace rumor::serf
RUMOR_PUBLIC_END
