#include "sim/stats_math.hpp"

#include <cstddef>

namespace rumor::sim {
namespace {

template <class Op>
void combine(core::Stats& a, const core::Stats& b, Op op) {
  for (std::size_t i = 0; i < a.msgs_out.size(); ++i) {
    a.msgs_out[i] = op(a.msgs_out[i], b.msgs_out[i]);
    a.msgs_in[i] = op(a.msgs_in[i], b.msgs_in[i]);
    a.bytes_out[i] = op(a.bytes_out[i], b.bytes_out[i]);
    a.bytes_in[i] = op(a.bytes_in[i], b.bytes_in[i]);
  }
  for (std::size_t i = 0; i < a.dropped.size(); ++i) a.dropped[i] = op(a.dropped[i], b.dropped[i]);
  auto f = [&](std::uint64_t core::Stats::*m) { a.*m = op(a.*m, b.*m); };
  for (auto m :
       {&core::Stats::packets_out, &core::Stats::packets_in, &core::Stats::packet_bytes_out,
        &core::Stats::packet_bytes_in, &core::Stats::streams_out, &core::Stats::streams_in,
        &core::Stats::stream_bytes_out, &core::Stats::stream_bytes_in, &core::Stats::probes,
        &core::Stats::probe_failures, &core::Stats::indirect_probes,
        &core::Stats::tcp_fallback_saves, &core::Stats::suspicions, &core::Stats::refutations,
        &core::Stats::deaths_declared, &core::Stats::accusations_forwarded,
        &core::Stats::push_pulls, &core::Stats::reconnect_attempts, &core::Stats::user_messages_in})
    f(m);
}

}  // namespace

void add_stats(core::Stats& into, const core::Stats& s) {
  combine(into, s, [](std::uint64_t x, std::uint64_t y) { return x + y; });
}

core::Stats diff_stats(const core::Stats& later, const core::Stats& earlier) {
  core::Stats d = later;
  combine(d, earlier, [](std::uint64_t x, std::uint64_t y) { return x >= y ? x - y : 0; });
  return d;
}

}  // namespace rumor::sim
