// Core message handling: the cost of one input to a Node, without any network.
#include <benchmark/benchmark.h>

#include <string>

#include "codec/packet.hpp"
#include "core/node.hpp"

using namespace rumor;
using namespace rumor::core;

namespace {

Address addr_of(std::uint32_t i) {
  return Address{Ip::v4(10, static_cast<std::uint8_t>(i >> 16), static_cast<std::uint8_t>(i >> 8),
                        static_cast<std::uint8_t>(i)),
                 7946};
}

// Counts what the node sends and throws it away.
class NullEffects : public Effects {
 public:
  void send_packet(const Address&, ByteView p) override { bytes += p.size(); }
  void open_stream(StreamId, const Address&, ByteView r, bool, Time) override { bytes += r.size(); }
  void reply_stream(StreamId, ByteView r) override { bytes += r.size(); }
  std::size_t bytes = 0;
};

codec::Alive alive(std::uint32_t i, std::uint32_t inc) {
  codec::Alive a;
  a.node = "node-" + std::to_string(i);
  a.incarnation = inc;
  a.addr = addr_of(i).ip;
  a.port = 7946;
  a.vsn = {1, 5, 2, 2, 5, 4};
  return a;
}

Bytes packet(const auto& msg) {
  Bytes m;
  codec::encode(msg, m);
  return codec::seal_packet(m, {});
}

struct Cluster {
  explicit Cluster(std::uint32_t members) : node(config(), fx, nullptr, 7) {
    node.start(now);
    for (std::uint32_t i = 1; i < members; ++i)
      node.on_packet(addr_of(i), packet(alive(i, 1)), now);
  }
  static Config config() {
    Config c = Config::lan();
    c.name = "node-0";
    c.advertise = addr_of(0);
    return c;
  }
  NullEffects fx;
  Time now{std::chrono::seconds(1)};
  Node node;
};

void BM_HandlePingAndAck(benchmark::State& state) {
  Cluster c(static_cast<std::uint32_t>(state.range(0)));
  const Bytes ping = packet(codec::Ping{1, "node-0", addr_of(1).ip, "node-1", 7946});
  for (auto _ : state) c.node.on_packet(addr_of(1), ping, c.now);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HandlePingAndAck)->Arg(10)->Arg(1000);

void BM_HandleAliveNews(benchmark::State& state) {
  Cluster c(static_cast<std::uint32_t>(state.range(0)));
  std::vector<Bytes> news;
  for (std::uint32_t inc = 2; inc < 1002; ++inc) news.push_back(packet(alive(1 + inc % 900, inc)));
  std::size_t i = 0;
  for (auto _ : state) {
    c.node.on_packet(addr_of(1), news[i], c.now);
    i = (i + 1) % news.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HandleAliveNews)->Arg(1000);

void BM_GossipRoundWithQueuedNews(benchmark::State& state) {
  Cluster c(1000);
  for (auto _ : state) {
    state.PauseTiming();
    for (std::uint32_t i = 1; i < 60; ++i)
      c.node.on_packet(addr_of(i), packet(codec::Suspect{1, "node-" + std::to_string(i), "x"}),
                       c.now);
    state.ResumeTiming();
    c.now += std::chrono::milliseconds(200);
    c.node.on_timeout(c.now);
  }
}
BENCHMARK(BM_GossipRoundWithQueuedNews);

void BM_MergePushPull(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  codec::PushPull pp;
  for (std::uint32_t i = 1; i < n; ++i) {
    auto a = alive(i, 1);
    pp.nodes.push_back({a.node, a.addr, a.port, {}, 1, codec::WireState::alive, a.vsn});
  }
  Bytes msg;
  codec::encode(pp, msg);
  const Bytes wire = codec::seal_stream(msg, "", false);
  for (auto _ : state) {
    state.PauseTiming();
    Cluster c(1);
    state.ResumeTiming();
    c.node.on_stream(1, addr_of(1), wire, c.now);
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_MergePushPull)->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
