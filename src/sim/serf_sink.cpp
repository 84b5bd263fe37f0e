#include "sim/serf_sink.hpp"

#include "serf/serf.hpp"
#include "sim/broadcast_log.hpp"
#include "sim/engine.hpp"

namespace rumor::sim {

void SerfSink::on_member_event(const serf::MemberEvent& e) {
  for (const serf::Member& m : e.members) engine_.on_serf_member_event(self_, m, e.type);
  if (above_) above_->on_member_event(e);
}

void SerfSink::on_user_event(const serf::UserEvent& e) {
  // Events a scenario did not send through Engine::user_event are not tracked.
  if (const auto id = parse_broadcast_payload(e.payload)) engine_.on_user_event(self_, *id);
  if (above_) above_->on_user_event(e);
}

void SerfSink::on_query(const serf::QueryEvent& q) {
  engine_.on_query_delivered(self_);
  if (above_) {
    above_->on_query(q);
    return;
  }
  if (serf_ == nullptr) return;
  serf::QueryEvent answer = q;
  // The payload names the responder, so the querier can tell answers apart by content
  // as well as by sender.
  const std::string& me = serf_->config().memberlist.name;
  const Bytes payload(me.begin(), me.end());
  if (serf_->respond(answer, payload, engine_.now()).ok()) engine_.on_query_answered(self_);
}

void SerfSink::on_member_intent(const serf::MemberIntent& i) {
  if (above_) above_->on_member_intent(i);
}

void SerfSink::on_query_ack(const serf::QueryKey& q, std::string_view from) {
  engine_.on_query_ack(self_);
  if (above_) above_->on_query_ack(q, from);
}

void SerfSink::on_query_response(const serf::QueryKey& q, std::string_view from, ByteView payload) {
  engine_.on_query_response(self_);
  if (above_) above_->on_query_response(q, from, payload);
}

void SerfSink::on_query_done(const serf::QueryKey& q) {
  if (above_) above_->on_query_done(q);
}

void SerfSink::on_join_done(std::size_t contacted) {
  if (above_) above_->on_join_done(contacted);
}

void SerfSink::on_name_conflict(const serf::ConflictOutcome& o) {
  if (above_) above_->on_name_conflict(o);
}

void SerfSink::on_left() {
  engine_.on_serf_left(self_);
  if (above_) above_->on_left();
}

void SerfSink::on_keyring_changed(const codec::Keyring& ring, serf::KeyringSave save) {
  if (above_) above_->on_keyring_changed(ring, save);
}

}  // namespace rumor::sim
