// The virtual network of the Serf scenario tests: a client of sim::Engine (the one
// virtual-time shell), with every hop 1 ms, no jitter and no loss, and members that
// crash dropping everything. Each member has a name of the test's choosing and a
// Recorder of what its Serf tells the layer above. No sleeps, no threads, fixed seeds.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "serf/serf.hpp"
#include "sim/engine.hpp"

namespace rumor::serf::test {

using core::Time;

// Records what one Serf tells its layer above.
class Recorder : public EventSink {
 public:
  void on_member_event(const MemberEvent& e) override {
    for (const Member& m : e.members) member_events.emplace_back(e.type, m.name);
  }
  void on_user_event(const UserEvent& e) override { user_events.push_back(e); }
  void on_query(const QueryEvent& q) override {
    queries.push_back(q);
    if (on_query_hook) on_query_hook(queries.back());
  }
  void on_query_ack(const QueryKey&, std::string_view from) override { acks.emplace_back(from); }
  void on_query_response(const QueryKey&, std::string_view from, ByteView p) override {
    responses.emplace_back(std::string(from), std::string(p.begin(), p.end()));
  }
  void on_query_done(const QueryKey&) override { ++queries_done; }
  void on_join_done(std::size_t n) override { joins_done.push_back(n); }
  void on_left() override { left = true; }
  void on_name_conflict(const ConflictOutcome& o) override { conflicts.push_back(o); }
  void on_keyring_changed(const codec::Keyring& ring, KeyringSave save) override {
    keyrings.push_back(ring);
    if (on_keyring_save) on_keyring_save(save);
  }

  std::size_t count(MemberEventType t, const std::string& name) const {
    std::size_t n = 0;
    for (const auto& [type, who] : member_events) n += type == t && who == name;
    return n;
  }

  std::vector<std::pair<MemberEventType, std::string>> member_events;
  std::vector<UserEvent> user_events;
  std::vector<QueryEvent> queries;
  std::vector<std::string> acks;
  std::vector<std::pair<std::string, std::string>> responses;
  std::size_t queries_done = 0;
  std::vector<std::size_t> joins_done;
  std::vector<ConflictOutcome> conflicts;
  bool left = false;
  std::function<void(QueryEvent&)> on_query_hook;
  std::vector<codec::Keyring> keyrings;  // after each change a key query made
  // Called with each save asked for (the shell's cue to save, then Serf::keyring_saved).
  std::function<void(KeyringSave)> on_keyring_save;
};

class Loopback {
 public:
  Loopback();

  struct Peer {
    std::string name;
    Address addr;
    sim::NodeId id = sim::kNoNode;
    std::unique_ptr<Recorder> sink;
    Serf* serf = nullptr;  // the engine's; tests may call it directly (see run_until)
  };
  // A Serf named `name` at 10.0.0.<n>:7946 with the LAN profile (Serf's default). `tweak`
  // may adjust the config. Not started.
  Peer& add(const std::string& name, Tags tags = {}, std::function<void(Config&)> tweak = {});
  Peer& peer(const std::string& name);
  // Start every peer and join each to the first one; run until the cluster settles.
  void start_and_join_all(Time settle = std::chrono::seconds(5));
  // Tests call their Serfs directly between runs and inside scheduled calls; the engine
  // re-reads every peer's deadline (and starts the ones a test started) before it runs.
  void run_until(Time end);
  void run_for(core::Duration d) { run_until(now() + d); }
  // Schedule `fn` in the engine (e.g. a respond() outside a hook).
  void at(Time when, std::function<void()> fn);
  // The member stops: nothing reaches it, nothing leaves it.
  void crash(const std::string& name);
  Time now() const { return engine_.now(); }

  std::size_t packets_delivered() const { return engine_.total_counters().packets_delivered; }
  // Serf messages sent in packets, by Serf message type (relays are type 9).
  std::map<int, std::size_t> serf_sent;

 private:
  void wake_all();
  sim::Engine engine_;
  std::vector<std::unique_ptr<Peer>> peers_;  // index = engine NodeId
};

}  // namespace rumor::serf::test
