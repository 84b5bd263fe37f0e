// A tiny in-test network for Serf scenarios: every instance's effects are delivered to
// the others in virtual time (1 ms per hop), streams are answered synchronously by the
// target, crashed members drop everything. No sleeps, no threads, fixed seeds.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/virtual_loop.hpp"
#include "serf/serf.hpp"

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
  std::optional<std::string> on_keyring_changed(const codec::Keyring& ring) override {
    keyrings.push_back(ring);
    return keyring_failure;
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
  std::vector<codec::Keyring> keyrings;        // after each change a key query made
  std::optional<std::string> keyring_failure;  // what on_keyring_changed answers
};

class Loopback : public testing::VirtualLoop {
 public:
  struct Peer;
  // A Serf named `name` at 10.0.0.<n>:7946 with the LAN profile (Serf's default). `tweak` may
  // adjust the config. Not started.
  Peer& add(const std::string& name, Tags tags = {}, std::function<void(Config&)> tweak = {});
  Peer& peer(const std::string& name);
  // Start every peer and join each to the first one; run until the cluster settles.
  void start_and_join_all(Time settle = std::chrono::seconds(5));
  void run_until(Time end);
  void run_for(core::Duration d) { run_until(now + d); }
  // at(when, fn), inherited: schedule `fn` in the loop (e.g. a respond() outside a hook).
  // The member stops: nothing reaches it, nothing leaves it.
  void crash(const std::string& name);

  struct Fx;
  struct Peer {
    std::string name;
    Address addr;
    std::unique_ptr<Fx> fx;
    std::unique_ptr<Recorder> sink;
    std::unique_ptr<Serf> serf;
    bool up = true;
  };

  struct Fx : core::Effects {
    Loopback* net = nullptr;
    Peer* self = nullptr;
    std::map<core::StreamId, Bytes> replies;
    void send_packet(const Address& to, ByteView packet) override;
    void open_stream(core::StreamId id, const Address& to, ByteView request, bool expect_reply,
                     Time deadline) override;
    void reply_stream(core::StreamId id, ByteView reply) override {
      replies[id] = Bytes(reply.begin(), reply.end());
    }
  };

  std::size_t packets_delivered = 0;
  // Serf messages sent in packets, by Serf message type (relays are type 9).
  std::map<int, std::size_t> serf_sent;

 private:
  Peer* find(const Address& a);
  std::vector<std::unique_ptr<Peer>> peers_;
  core::StreamId next_stream_ = 1'000'000;
};

}  // namespace rumor::serf::test
