// Traffic with each current member, keyed by the address we reach it at: who gossips
// with whom, for dashboards and per-peer metrics. memberlist keeps nothing like it.
//
// One row per member (not per address ever seen): a row is made when a member is
// learned at an address and forgotten when it is reaped or moves, so the table never
// outgrows the member list. Traffic with addresses that belong to no member (a seed
// before it answered, an inbound TCP connection's ephemeral port) is left out here; it
// still counts in Stats. Rows cost about 100 bytes each, so the table is opt-in
// (Config::peer_traffic): a simulator of thousands of nodes would pay for millions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "codec/ip.hpp"
#include "core/time.hpp"
#include <rumor/export.hpp>

RUMOR_PUBLIC_BEGIN
namespace rumor::core {

// "No message yet" for the last_* times.
inline constexpr Time kNoContact = Time::min();

struct PeerTraffic {
  std::string name;  // the member at `address`
  Address address;
  std::uint64_t msgs_out = 0, msgs_in = 0;    // plain memberlist messages
  std::uint64_t bytes_out = 0, bytes_in = 0;  // sealed packet and stream bytes
  Time last_out = kNoContact, last_in = kNoContact;
};

struct AddressHash {
  std::size_t operator()(const Address& a) const noexcept;
};

class PeerTable {
 public:
  // `name` now lives at `at` (a new member, or one that moved there).
  void track(const std::string& name, const Address& at);
  // Forgets the row at `at` if it still belongs to `name` (another member may have
  // taken the address over since).
  void forget(const std::string& name, const Address& at);
  // nullptr when no current member lives at `at`.
  PeerTraffic* find(const Address& at);

  void count_out(const Address& to, std::size_t msgs, std::size_t bytes, Time now);
  void count_in(const Address& from, std::size_t msgs, std::size_t bytes, Time now);

  std::vector<PeerTraffic> rows() const;  // in no particular order
  std::size_t size() const noexcept { return rows_.size(); }

 private:
  std::unordered_map<Address, PeerTraffic, AddressHash> rows_;
};

}  // namespace rumor::core
RUMOR_PUBLIC_END
