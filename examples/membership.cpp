// A library user's view of rumor: three members in one process on 127.0.0.1 join each
// other, watch the membership converge, gossip a message, and leave.
//
//   ./example_membership
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <rumor/net/cluster.hpp>

using namespace std::chrono_literals;
using rumor::net::Cluster;
using rumor::net::ClusterOptions;
using rumor::net::Event;
using rumor::net::EventKind;

namespace {

std::unique_ptr<Cluster> start_member(const std::string& name) {
  ClusterOptions opt;
  opt.config = rumor::core::Config::local();  // loopback timings
  opt.config.name = name;
  // Gossip with the local profile's RetransmitMult of 2 can miss a member in a tiny
  // cluster; anti-entropy (push/pull) repairs that. Every 2 s instead of 15 s keeps
  // the demo short.
  opt.config.push_pull_interval = 2s;
  opt.transport.bind_host = "127.0.0.1";
  opt.transport.bind_port = 0;  // any free port; address() says which
  auto c = Cluster::start(opt);
  // Callbacks run on the member's own event-loop thread: keep them short.
  c->subscribe([name](const Event& e) {
    if (e.kind == EventKind::user_message) {
      std::printf("[%s] message: %.*s\n", name.c_str(), static_cast<int>(e.payload.size()),
                  reinterpret_cast<const char*>(e.payload.data()));
    } else {
      std::printf("[%s] %s %s (%s)\n", name.c_str(), rumor::net::to_string(e.kind),
                  e.member.name.c_str(), rumor::core::to_string(e.member.state));
    }
  });
  std::printf("%s listening on %s\n", name.c_str(), c->address().to_string().c_str());
  return c;
}

std::size_t alive(Cluster& c) {
  std::size_t n = 0;
  for (const auto& m : c.members()) n += m.state == rumor::core::MemberState::alive;
  return n;
}

}  // namespace

int main() {
  std::vector<std::unique_ptr<Cluster>> members;
  for (const char* name : {"alpha", "beta", "gamma"}) members.push_back(start_member(name));

  // Everyone joins through the first member.
  const std::string seed = members[0]->address().to_string();
  for (std::size_t i = 1; i < members.size(); ++i)
    std::printf("%s joined %zu seed(s)\n", members[i]->local_member().name.c_str(),
                members[i]->join({seed}));

  // Watch the views converge (bounded wait).
  for (auto deadline = std::chrono::steady_clock::now() + 10s;
       std::chrono::steady_clock::now() < deadline;) {
    bool converged = true;
    for (auto& m : members) converged = converged && alive(*m) == members.size();
    if (converged) break;
    std::this_thread::sleep_for(50ms);
  }
  for (auto& m : members) {
    std::printf("%s sees:", m->local_member().name.c_str());
    for (const auto& peer : m->members())
      std::printf(" %s@%s(%s)", peer.name.c_str(), peer.address.to_string().c_str(),
                  rumor::core::to_string(peer.state));
    std::printf("\n");
  }

  const std::string hello = "hello from alpha";
  members[0]->broadcast(rumor::Bytes(hello.begin(), hello.end()));
  std::this_thread::sleep_for(500ms);  // a demo, not a test: give gossip a moment

  // gamma leaves gracefully; the others see it as "left", not "dead".
  std::printf("gamma leaving: %s\n", members[2]->leave(3s) ? "propagated" : "timed out");
  members[2]->shutdown();
  std::this_thread::sleep_for(300ms);
  for (auto& m : members) m->shutdown();
  return 0;
}
