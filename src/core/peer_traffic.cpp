#include "core/peer_traffic.hpp"

namespace rumor::core {

std::size_t AddressHash::operator()(const Address& a) const noexcept {
  // FNV-1a over the address bytes and the port.
  std::uint64_t h = 14695981039346656037ull;
  auto mix = [&](std::uint8_t b) {
    h ^= b;
    h *= 1099511628211ull;
  };
  for (std::uint8_t i = 0; i < a.ip.len; ++i) mix(a.ip.bytes[i]);
  mix(static_cast<std::uint8_t>(a.port >> 8));
  mix(static_cast<std::uint8_t>(a.port));
  return static_cast<std::size_t>(h);
}

void PeerTable::track(const std::string& name, const Address& at) {
  PeerTraffic& row = rows_[at];
  if (row.name != name) row = PeerTraffic{name, at};
}

void PeerTable::forget(const std::string& name, const Address& at) {
  auto it = rows_.find(at);
  if (it != rows_.end() && it->second.name == name) rows_.erase(it);
}

PeerTraffic* PeerTable::find(const Address& at) {
  auto it = rows_.find(at);
  return it == rows_.end() ? nullptr : &it->second;
}

void PeerTable::count_out(const Address& to, std::size_t msgs, std::size_t bytes, Time now) {
  if (PeerTraffic* row = find(to)) {
    row->msgs_out += msgs;
    row->bytes_out += bytes;
    row->last_out = now;
  }
}

void PeerTable::count_in(const Address& from, std::size_t msgs, std::size_t bytes, Time now) {
  if (PeerTraffic* row = find(from)) {
    row->msgs_in += msgs;
    row->bytes_in += bytes;
    row->last_in = now;
  }
}

std::vector<PeerTraffic> PeerTable::rows() const {
  std::vector<PeerTraffic> out;
  out.reserve(rows_.size());
  for (const auto& [addr, row] : rows_) out.push_back(row);
  return out;
}

}  // namespace rumor::core
