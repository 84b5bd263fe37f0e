// Helpers for the loopback tests: quick protocol settings, and waiting on a condition
// with a bounded deadline (never sleep-and-hope).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "net/cluster.hpp"

namespace rumor::net::testing {

using namespace std::chrono_literals;

// The local profile with every interval shortened, so detection and dissemination take
// well under a second or two on loopback.
inline core::Config fast_config(std::string name) {
  core::Config c = core::Config::local();
  c.name = std::move(name);
  c.probe_interval = 200ms;
  c.probe_timeout = 100ms;
  c.gossip_interval = 50ms;
  c.suspicion_mult = 2;
  c.push_pull_interval = 2s;
  c.tcp_timeout = 1s;
  c.reconnect_interval = 0s;  // keep killed nodes from being contacted again
  return c;
}

inline ClusterOptions loopback_options(core::Config config, const std::string& host = "127.0.0.1") {
  ClusterOptions o;
  o.config = std::move(config);
  o.transport.bind_host = host;
  o.transport.bind_port = 0;
  return o;
}

// Polls `pred` every few milliseconds until it holds or `timeout` passes.
inline ::testing::AssertionResult eventually(const std::function<bool()>& pred,
                                             std::chrono::milliseconds timeout,
                                             const std::string& what) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return ::testing::AssertionSuccess();
    std::this_thread::sleep_for(5ms);
  }
  if (pred()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "timed out after " << timeout.count() << " ms waiting for: " << what;
}

// State of `name` as `c` sees it, or nullopt if unknown.
inline std::optional<core::MemberState> state_of(Cluster& c, const std::string& name) {
  for (const auto& m : c.members())
    if (m.name == name) return m.state;
  return std::nullopt;
}

inline std::size_t alive_count(Cluster& c) {
  std::size_t n = 0;
  for (const auto& m : c.members())
    if (m.state == core::MemberState::alive) ++n;
  return n;
}

inline std::string seed_of(Cluster& c) {
  return c.address().to_string();
}

}  // namespace rumor::net::testing
