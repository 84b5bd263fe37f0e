// Outbox: the messages of one outgoing packet, encoded back to back into one buffer that
// each node reuses, so that filling and sealing a packet allocates nothing once warm.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "codec/bytes.hpp"

namespace rumor::core {

class Outbox {
 public:
  void clear() noexcept {
    data_.clear();
    ends_.clear();
  }
  // Encoders append one message to buffer(); close() ends it.
  Bytes& buffer() noexcept { return data_; }
  void close() { ends_.push_back(static_cast<std::uint32_t>(data_.size())); }
  void add(ByteView msg) {
    data_.insert(data_.end(), msg.begin(), msg.end());
    close();
  }
  std::size_t size() const noexcept { return ends_.size(); }
  bool empty() const noexcept { return ends_.empty(); }
  ByteView operator[](std::size_t i) const noexcept {
    const std::uint32_t begin = i == 0 ? 0 : ends_[i - 1];
    return ByteView(data_).subspan(begin, ends_[i] - begin);
  }

 private:
  Bytes data_;
  std::vector<std::uint32_t> ends_;
};

}  // namespace rumor::core
