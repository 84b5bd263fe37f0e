// SerfSink: the serf::EventSink of one simulated Serf. It hands what Serf tells its
// layer above to the engine (member events for the views and the trace hash, user
// events for the delivery log, query results for the Serf figures), and answers every
// query it is given at once, as an agent with a handler for every query name would.
// With a layer above of its own (a test's recorder), every callback goes on to it too,
// and that layer answers queries itself.
#pragma once

#include "serf/events.hpp"
#include "sim/addressing.hpp"

namespace rumor::serf {
class Serf;
}

namespace rumor::sim {

class Engine;

class SerfSink final : public serf::EventSink {
 public:
  SerfSink(Engine& engine, NodeId self, serf::EventSink* above = nullptr)
      : engine_(engine), self_(self), above_(above) {}
  void attach(serf::Serf* serf) noexcept { serf_ = serf; }

  void on_member_event(const serf::MemberEvent& e) override;
  void on_user_event(const serf::UserEvent& e) override;
  void on_query(const serf::QueryEvent& q) override;
  void on_member_intent(const serf::MemberIntent& i) override;
  void on_query_ack(const serf::QueryKey& q, std::string_view from) override;
  void on_query_response(const serf::QueryKey& q, std::string_view from, ByteView payload) override;
  void on_query_done(const serf::QueryKey& q) override;
  void on_join_done(std::size_t contacted) override;
  void on_name_conflict(const serf::ConflictOutcome& o) override;
  void on_left() override;
  void on_keyring_changed(const codec::Keyring& ring, serf::KeyringSave save) override;

 private:
  Engine& engine_;
  NodeId self_;
  serf::EventSink* above_;
  serf::Serf* serf_ = nullptr;
};

}  // namespace rumor::sim
