// A library user's view of rumor's Serf layer: three members with tags join on
// 127.0.0.1, one sends a user event, another asks the cluster a question and collects
// the answers, and all leave gracefully. The same wire format as HashiCorp Serf: any of
// them could be a real `serf agent`.
//
//   ./example_serf_events
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include <rumor/net/serf_cluster.hpp>

using namespace std::chrono_literals;
using rumor::net::ReceivedQuery;
using rumor::net::SerfCluster;
using rumor::net::SerfClusterOptions;
using rumor::net::SerfEvent;

namespace {

std::string text(const rumor::Bytes& b) {
  return {b.begin(), b.end()};
}

std::unique_ptr<SerfCluster> start_member(const std::string& name, const std::string& role) {
  SerfClusterOptions opt;
  opt.config.memberlist = rumor::core::Config::local();  // loopback timings
  opt.config.memberlist.name = name;
  // Queries travel by rumour mongering only. In a cluster of three, the local profile's
  // RetransmitMult of 2 sends each message twice in all, and when a probe piggybacks one
  // of them the other member may never hear it (about 1 run in 10 here; memberlist
  // counts the same way). 6 makes that vanishingly rare.
  opt.config.memberlist.retransmit_mult = 6;
  opt.config.tags = {{"role", role}};
  opt.transport.bind_host = "127.0.0.1";
  opt.transport.bind_port = 0;  // any free port; address() says which
  // Events arrive on the member's own event-loop thread: keep the callback short. The
  // cluster pointer is only used once a query arrives, long after start() returned.
  auto self = std::make_shared<SerfCluster*>(nullptr);
  opt.subscriber = [name, self](const SerfEvent& e) {
    if (const auto* u = std::get_if<rumor::serf::UserEvent>(&e)) {
      std::printf("[%s] user event '%s': %s\n", name.c_str(), u->name.c_str(),
                  text(u->payload).c_str());
    } else if (const auto* q = std::get_if<ReceivedQuery>(&e)) {
      const std::string answer = name + " is up";
      (void)(*self)->respond(q->id, rumor::Bytes(answer.begin(), answer.end()));
    } else if (const auto* m = std::get_if<rumor::serf::MemberEvent>(&e)) {
      for (const auto& who : m->members)
        std::printf("[%s] %s %s\n", name.c_str(), rumor::serf::to_string(m->type),
                    who.name.c_str());
    }
  };
  auto c = SerfCluster::start(std::move(opt));
  *self = c.get();
  std::printf("%s (role=%s) listening on %s\n", name.c_str(), role.c_str(),
              c->address().to_string().c_str());
  return c;
}

}  // namespace

int main() {
  std::vector<std::unique_ptr<SerfCluster>> members;
  members.push_back(start_member("web-1", "web"));
  members.push_back(start_member("web-2", "web"));
  members.push_back(start_member("db-1", "db"));
  const std::string seed = members[0]->address().to_string();
  for (std::size_t i = 1; i < members.size(); ++i) members[i]->join({seed});

  const std::string payload = "v1.2.3";
  if (!members[2]->user_event("deploy", rumor::Bytes(payload.begin(), payload.end())))
    std::printf("the event was refused\n");

  // Ask only the web servers (a tag filter, as `serf query -tag role=web`).
  rumor::serf::QueryParams params;
  params.filter_tags = {{"role", "web"}};
  params.timeout = 3s;  // answers come in milliseconds; 3 s leaves room on a loaded machine
  const auto result = members[2]->query_collect("status", {}, params);
  if (result) {
    for (const auto& [from, answer] : result->responses)
      std::printf("answer from %s: %s\n", from.c_str(), text(answer).c_str());
  }

  for (auto& m : members) {
    m->leave(5s);
    m->shutdown();
  }
  return result && result->responses.size() == 2 ? 0 : 1;
}
