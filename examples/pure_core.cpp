// Driving the pure core yourself: three core::Node in one thread, with no sockets, no
// threads and no clock. The program is the shell: it carries the nodes' datagrams and
// streams over a toy network (a queue, 1 ms per hop) and advances time to the next
// thing due. rumor's simulator and its runtime are this loop, at scale and on sockets.
// Exits 0 once every node sees all three alive, 1 if that takes more than 60 s of
// (simulated) time.
//
//   ./example_pure_core
#include <cstdint>
#include <cstdio>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <rumor/core/node.hpp>

using namespace std::chrono_literals;
using rumor::Address;
using rumor::Bytes;
using rumor::ByteView;
using rumor::core::Node;
using rumor::core::StreamId;
using rumor::core::Time;

namespace {

// One thing on the wire: a datagram, the request of a stream, or a stream's reply.
struct Delivery {
  enum Kind { packet, stream, reply, failed } kind = packet;
  Time at{0};
  std::size_t to = 0;  // node index
  Address from;
  Bytes bytes;
  StreamId id = 0;  // the receiving side's stream id
};

class Network;

// What one node asks of its shell, recorded for the network to carry.
class Shell : public rumor::core::Effects {
 public:
  Shell(Network& net, std::size_t self) : net_(net), self_(self) {}
  void send_packet(const Address& to, ByteView packet) override;
  void open_stream(StreamId id, const Address& to, ByteView request, bool expect_reply,
                   Time deadline) override;
  void reply_stream(StreamId id, ByteView reply) override;

 private:
  Network& net_;
  std::size_t self_;
};

class Network {
 public:
  Time now{0};
  std::vector<Address> addresses;
  std::vector<std::unique_ptr<Shell>> shells;
  std::vector<std::unique_ptr<Node>> nodes;
  std::deque<Delivery> wire;
  // An inbound stream's id at its receiver -> who opened it and under which id.
  struct Opened {
    std::size_t node;
    StreamId id;
    bool expect_reply;
  };
  std::map<StreamId, Opened> inbound;
  StreamId next_inbound = 1;

  std::optional<std::size_t> node_at(const Address& a) const {
    for (std::size_t i = 0; i < addresses.size(); ++i)
      if (addresses[i] == a) return i;
    return std::nullopt;
  }
  void send(Delivery d) {
    d.at = now + 1ms;
    wire.push_back(std::move(d));
  }

  // Hands every delivery due to its node; returns whether there was one.
  bool deliver_due() {
    bool any = false;
    for (std::size_t n = wire.size(); n > 0; --n) {
      Delivery d = std::move(wire.front());
      wire.pop_front();
      if (d.at > now) {
        wire.push_back(std::move(d));
        continue;
      }
      any = true;
      Node& node = *nodes[d.to];
      switch (d.kind) {
        case Delivery::packet:
          node.on_packet(d.from, d.bytes, now);
          break;
        case Delivery::stream: {
          const StreamId id = d.id;
          node.on_stream(id, d.from, d.bytes, now);
          // A stream the node did not answer at once is closed: its opener learns so.
          if (auto it = inbound.find(id); it != inbound.end()) {
            if (it->second.expect_reply)
              send({Delivery::failed, {}, it->second.node, {}, {}, it->second.id});
            inbound.erase(it);
          }
          break;
        }
        case Delivery::reply:
          node.on_stream_reply(d.id, d.bytes, now);
          break;
        case Delivery::failed:
          node.on_stream_failed(d.id, now);
          break;
      }
    }
    return any;
  }

  Time next_event() const {
    Time t = rumor::core::kNever;
    for (const auto& d : wire) t = std::min(t, d.at);
    for (const auto& n : nodes) t = std::min(t, n->next_deadline());
    return t;
  }
};

void Shell::send_packet(const Address& to, ByteView packet) {
  if (auto n = net_.node_at(to))
    net_.send(
        {Delivery::packet, {}, *n, net_.addresses[self_], Bytes(packet.begin(), packet.end())});
}

void Shell::open_stream(StreamId id, const Address& to, ByteView request, bool expect_reply,
                        Time /*deadline: every stream here is answered or fails at once*/) {
  const auto n = net_.node_at(to);
  if (!n) {
    if (expect_reply) net_.send({Delivery::failed, {}, self_, {}, {}, id});
    return;
  }
  const StreamId theirs = net_.next_inbound++;
  net_.inbound[theirs] = {self_, id, expect_reply};
  net_.send({Delivery::stream,
             {},
             *n,
             net_.addresses[self_],
             Bytes(request.begin(), request.end()),
             theirs});
}

void Shell::reply_stream(StreamId id, ByteView reply) {
  auto it = net_.inbound.find(id);
  if (it == net_.inbound.end()) return;
  if (it->second.expect_reply)
    net_.send({Delivery::reply,
               {},
               it->second.node,
               net_.addresses[self_],
               Bytes(reply.begin(), reply.end()),
               it->second.id});
  net_.inbound.erase(it);
}

std::size_t alive_seen_by(const Node& n) {
  std::size_t k = 0;
  for (const auto& m : n.members()) k += m.state == rumor::core::MemberState::alive;
  return k;
}

}  // namespace

int main() {
  Network net;
  const char* names[] = {"a", "b", "c"};
  for (std::size_t i = 0; i < 3; ++i) {
    net.addresses.push_back({rumor::Ip::v4(10, 0, 0, static_cast<std::uint8_t>(i + 1)), 7946});
    net.shells.push_back(std::make_unique<Shell>(net, i));
    auto config = rumor::core::Config::local();
    config.name = names[i];
    config.advertise = net.addresses[i];
    net.nodes.push_back(std::make_unique<Node>(config, *net.shells[i], nullptr, /*seed=*/i + 1));
    net.nodes[i]->start(net.now);
  }
  // b and c join through a.
  const Address seed[] = {net.addresses[0]};
  net.nodes[1]->join(seed, net.now);
  net.nodes[2]->join(seed, net.now);

  const Time limit = 60s;
  for (;;) {
    while (net.deliver_due()) {
    }
    for (auto& n : net.nodes)
      if (n->next_deadline() <= net.now) n->on_timeout(net.now);
    bool converged = true;
    for (const auto& n : net.nodes) converged = converged && alive_seen_by(*n) == 3;
    if (converged) break;
    const Time next = net.next_event();
    if (next > limit) {
      std::printf("not converged after %lld s\n", static_cast<long long>(limit.count() / 1000000));
      return 1;
    }
    net.now = std::max(net.now, next);
  }
  for (const auto& n : net.nodes) {
    std::printf("%s sees:", n->self().name.c_str());
    for (const auto& m : n->members())
      std::printf(" %s@%s(%s)", m.name.c_str(), m.address.to_string().c_str(),
                  rumor::core::to_string(m.state));
    std::printf("\n");
  }
  std::printf("converged after %.3f s of simulated time, %llu packets sent by a\n",
              static_cast<double>(net.now.count()) / 1e6,
              static_cast<unsigned long long>(net.nodes[0]->stats().packets_out));
  return 0;
}
