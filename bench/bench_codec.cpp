// Codec throughput: encode and decode cost per message, a full 1400-byte compound packet,
// a 1000-node push/pull, and LZW on 1 KiB. Figures go to docs/performance.md with the
// command that produced them (build/release/bench/bench_codec).
#include <benchmark/benchmark.h>

#include "codec/messages.hpp"
#include "codec/packet.hpp"

namespace {

using namespace rumor;
using namespace rumor::codec;

Ping sample_ping() {
  return Ping{.seq_no = 123456,
              .node = "node-0042.dc1",
              .source_addr = Ip::v4(10, 0, 3, 17),
              .source_node = "node-0017.dc1",
              .source_port = 7946};
}

Ack sample_ack() {
  // Serf answers pings with its network coordinate: about 130 bytes of payload.
  return Ack{.seq_no = 123456, .payload = Bytes(130, 0x3f)};
}

Alive sample_alive(int i) {
  return Alive{
      .incarnation = static_cast<std::uint32_t>(i + 1),
      .node = "node-" + std::to_string(1000 + i) + ".dc1",
      .addr = Ip::v4(10, 0, static_cast<std::uint8_t>(i / 250), static_cast<std::uint8_t>(i % 250)),
      .port = 7946,
      .meta = {0xff, 0x81, 0xa4, 'r', 'o', 'l', 'e', 0xa3, 'w', 'e', 'b'},
      .vsn = {1, 5, 2, 2, 5, 5}};
}

template <class M>
void encode_bench(benchmark::State& state, const M& m) {
  Bytes out;
  for (auto _ : state) {
    out.clear();
    encode(m, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["bytes"] = static_cast<double>(out.size());
}

template <class M, class Decode>
void decode_bench(benchmark::State& state, const M& m, Decode decode) {
  Bytes msg;
  encode(m, msg);
  const ByteView body = ByteView(msg).subspan(1);
  for (auto _ : state) {
    auto r = decode(body);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_EncodePing(benchmark::State& s) {
  encode_bench(s, sample_ping());
}
void BM_DecodePing(benchmark::State& s) {
  decode_bench(s, sample_ping(), decode_ping);
}
void BM_EncodeAck(benchmark::State& s) {
  encode_bench(s, sample_ack());
}
void BM_DecodeAck(benchmark::State& s) {
  decode_bench(s, sample_ack(), decode_ack);
}
void BM_EncodeAlive(benchmark::State& s) {
  encode_bench(s, sample_alive(7));
}
void BM_DecodeAlive(benchmark::State& s) {
  decode_bench(s, sample_alive(7), decode_alive);
}
BENCHMARK(BM_EncodePing);
BENCHMARK(BM_DecodePing);
BENCHMARK(BM_EncodeAck);
BENCHMARK(BM_DecodeAck);
BENCHMARK(BM_EncodeAlive);
BENCHMARK(BM_DecodeAlive);

// A ping plus as many alive broadcasts as fit in 1400 bytes, as memberlist piggybacks them.
std::vector<Bytes> full_packet_messages() {
  std::vector<Bytes> msgs;
  Bytes ping;
  encode(sample_ping(), ping);
  std::size_t used = kCompoundHeaderOverhead + kCrcOverhead + ping.size() + kCompoundPartOverhead;
  msgs.push_back(std::move(ping));
  for (int i = 0;; ++i) {
    Bytes alive;
    encode(sample_alive(i), alive);
    if (used + alive.size() + kCompoundPartOverhead > kDefaultPacketBudget) break;
    used += alive.size() + kCompoundPartOverhead;
    msgs.push_back(std::move(alive));
  }
  return msgs;
}

void BM_BuildCompoundPacket1400(benchmark::State& state) {
  std::vector<Alive> alives;
  for (int i = 0; i < 64; ++i) alives.push_back(sample_alive(i));
  const std::size_t n = full_packet_messages().size();
  std::size_t packet_size = 0;
  for (auto _ : state) {
    std::vector<Bytes> msgs(n);
    encode(sample_ping(), msgs[0]);
    for (std::size_t i = 1; i < n; ++i) encode(alives[i - 1], msgs[i]);
    Bytes compound;
    append_compound(std::vector<ByteView>(msgs.begin(), msgs.end()), compound);
    Bytes packet = seal_packet(compound, {.label = {}, .crc = true, .compress = false});
    packet_size = packet.size();
    benchmark::DoNotOptimize(packet.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
  state.counters["messages"] = static_cast<double>(n);
  state.counters["bytes"] = static_cast<double>(packet_size);
}

void BM_OpenCompoundPacket1400(benchmark::State& state) {
  const auto msgs = full_packet_messages();
  Bytes compound;
  append_compound(std::vector<ByteView>(msgs.begin(), msgs.end()), compound);
  const Bytes packet = seal_packet(compound, {.label = {}, .crc = true, .compress = false});
  for (auto _ : state) {
    auto opened = open_packet(packet, "");
    for (const PacketMessage& m : opened->messages) {
      if (m.type == MessageType::alive) {
        auto a = decode_alive(m.body);
        benchmark::DoNotOptimize(a);
      } else {
        auto p = decode_ping(m.body);
        benchmark::DoNotOptimize(p);
      }
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(msgs.size()));
  state.counters["messages"] = static_cast<double>(msgs.size());
  state.counters["bytes"] = static_cast<double>(packet.size());
}
BENCHMARK(BM_BuildCompoundPacket1400);
BENCHMARK(BM_OpenCompoundPacket1400);

PushPull sample_push_pull(int nodes) {
  PushPull pp;
  pp.join = false;
  for (int i = 0; i < nodes; ++i) {
    const Alive a = sample_alive(i);
    pp.nodes.push_back(PushNodeState{.name = a.node,
                                     .addr = a.addr,
                                     .port = a.port,
                                     .meta = a.meta,
                                     .incarnation = a.incarnation,
                                     .state = WireState::alive,
                                     .vsn = a.vsn});
  }
  pp.user_state = Bytes(600, 0xc0);
  return pp;
}

void BM_EncodePushPull1000(benchmark::State& state) {
  const PushPull pp = sample_push_pull(1000);
  Bytes out;
  for (auto _ : state) {
    out.clear();
    encode(pp, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * 1000);
  state.counters["bytes"] = static_cast<double>(out.size());
}

void BM_DecodePushPull1000(benchmark::State& state) {
  Bytes msg;
  encode(sample_push_pull(1000), msg);
  const ByteView body = ByteView(msg).subspan(1);
  for (auto _ : state) {
    auto pp = decode_push_pull(body);
    benchmark::DoNotOptimize(pp);
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(BM_EncodePushPull1000);
BENCHMARK(BM_DecodePushPull1000);

// 1 KiB of gossip as it would be compressed: encoded alive messages back to back.
Bytes one_kib_of_gossip() {
  Bytes out;
  for (int i = 0; out.size() < 1024; ++i) encode(sample_alive(i), out);
  out.resize(1024);
  return out;
}

void BM_LzwCompress1KiB(benchmark::State& state) {
  const Bytes in = one_kib_of_gossip();
  std::size_t packed = 0;
  for (auto _ : state) {
    Bytes out = lzw_compress(in);
    packed = out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(state.iterations() * 1024);
  state.counters["ratio"] = static_cast<double>(packed) / 1024.0;
}

void BM_LzwDecompress1KiB(benchmark::State& state) {
  const Bytes packed = lzw_compress(one_kib_of_gossip());
  for (auto _ : state) {
    auto out = lzw_decompress(packed);
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(state.iterations() * 1024);
}
BENCHMARK(BM_LzwCompress1KiB);

void BM_Crc32Packet1400(benchmark::State& state) {
  const Bytes packet(kDefaultPacketBudget, 0x5a);
  for (auto _ : state) benchmark::DoNotOptimize(crc32_ieee(packet));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(packet.size()));
}
BENCHMARK(BM_Crc32Packet1400);
BENCHMARK(BM_LzwDecompress1KiB);

}  // namespace

BENCHMARK_MAIN();
