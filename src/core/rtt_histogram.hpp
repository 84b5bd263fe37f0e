// Probe round-trip times in fixed buckets, as a Prometheus histogram wants them: the
// core records a direct probe's ping-to-ack time; the shells turn the counts into
// metrics. A fixed array, so Stats stays a flat value that is cheap to copy and sum.
#pragma once

#include <array>
#include <cstdint>

#include "core/time.hpp"
#include <rumor/export.hpp>

RUMOR_PUBLIC_BEGIN
namespace rumor::core {

struct RttHistogram {
  // Upper bounds (inclusive, as Prometheus' `le`): 0.5 ms on a LAN up to 1 s, the
  // longest a probe can wait at the default interval; slower acks land in +Inf.
  static constexpr std::array<Duration, 11> kBounds = {
      Duration(500),     Duration(1'000),   Duration(2'500),    Duration(5'000),
      Duration(10'000),  Duration(25'000),  Duration(50'000),   Duration(100'000),
      Duration(250'000), Duration(500'000), Duration(1'000'000)};

  std::array<std::uint64_t, kBounds.size() + 1> counts{};  // last: above every bound
  std::uint64_t sum_us = 0;

  void record(Duration rtt) noexcept;
  std::uint64_t count() const noexcept;
};

}  // namespace rumor::core
RUMOR_PUBLIC_END
