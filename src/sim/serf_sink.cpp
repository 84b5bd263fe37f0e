#include "sim/serf_sink.hpp"

#include "serf/serf.hpp"
#include "sim/broadcast_log.hpp"
#include "sim/engine.hpp"

namespace rumor::sim {

void SerfSink::on_member_event(const serf::MemberEvent& e) {
  for (const serf::Member& m : e.members) engine_.on_serf_member_event(self_, m, e.type);
}

void SerfSink::on_user_event(const serf::UserEvent& e) {
  // Events a scenario did not send through Engine::user_event are not tracked.
  if (const auto id = parse_broadcast_payload(e.payload)) engine_.on_user_event(self_, *id);
}

void SerfSink::on_query(const serf::QueryEvent& q) {
  engine_.on_query_delivered(self_);
  if (serf_ == nullptr) return;
  serf::QueryEvent answer = q;
  // The payload names the responder, so the querier can tell answers apart by content
  // as well as by sender.
  const std::string& me = serf_->config().memberlist.name;
  const Bytes payload(me.begin(), me.end());
  if (serf_->respond(answer, payload, engine_.now()).ok()) engine_.on_query_answered(self_);
}

void SerfSink::on_query_ack(const serf::QueryKey& /*q*/, std::string_view /*from*/) {
  engine_.on_query_ack(self_);
}

void SerfSink::on_query_response(const serf::QueryKey& /*q*/, std::string_view /*from*/,
                                 ByteView /*payload*/) {
  engine_.on_query_response(self_);
}

void SerfSink::on_left() {
  engine_.on_serf_left(self_);
}

}  // namespace rumor::sim
