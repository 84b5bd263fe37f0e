// What the engine counts about the Serf layer of its Serf nodes (Engine::add_serf_node):
// user event delivery, queries, and the depth of Serf's three broadcast queues, the
// figures Consul operators watch (serf.queue.Intent, serf.queue.Event, serf.queue.Query).
#pragma once

#include <cstddef>
#include <cstdint>

namespace rumor::sim {

// A depth sampled every simulated second over the live nodes: the largest seen and the
// mean over all samples.
struct DepthSample {
  std::size_t max = 0;
  double sum = 0;
  std::uint64_t samples = 0;
  double mean() const { return samples ? sum / static_cast<double>(samples) : 0; }
  void add(std::size_t d) {
    if (d > max) max = d;
    sum += static_cast<double>(d);
    ++samples;
  }
};

struct SerfFigures {
  // User events sent with Engine::user_event, and what the nodes' layers above got.
  std::uint64_t events_sent = 0;
  std::uint64_t event_deliveries = 0;  // first deliveries, origins included
  std::uint64_t event_duplicates = 0;  // the same event handed up again: Serf's de-dup failed
  // Queries sent with Engine::query; handed to nodes (filters passed); answered by them;
  // acks and responses the queriers collected before their deadlines.
  std::uint64_t queries_sent = 0;
  std::uint64_t query_deliveries = 0;
  std::uint64_t queries_answered = 0;
  std::uint64_t query_acks = 0;
  std::uint64_t query_responses = 0;
  // Graceful leaves that ran to their end (Serf's on_left: the node then stops).
  std::uint64_t leaves_done = 0;
  // Serf's queues per live Serf node, sampled with the engine's queue depths.
  DepthSample intent_queue, event_queue, query_queue;
};

}  // namespace rumor::sim
