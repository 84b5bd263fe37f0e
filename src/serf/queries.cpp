// Queries (serf/query.go, serf.go Query / handleQuery / handleQueryResponse,
// internal_query.go): a query spreads like a user event, stamped with the query clock
// and de-duplicated by (LTime, ID); members that pass its filters ack it (if asked) and
// may respond, directly by UDP to the querier's Addr:Port, plus RelayFactor copies
// through random members. The querier collects acks and responses until the deadline.
#include <algorithm>

#include "codec/base64.hpp"
#include "serf/filters.hpp"
#include "serf/serf.hpp"

namespace rumor::serf {
namespace {

constexpr std::string_view kPingQuery = "ping";
constexpr std::string_view kConflictQuery = "conflict";

std::string internal_name(std::string_view q) {
  return std::string(kInternalQueryPrefix) + std::string(q);
}

}  // namespace

Duration Serf::default_query_timeout() const {
  return cfg_.default_query_timeout(node_->num_members());
}

Outcome<QueryKey> Serf::query(std::string_view name, ByteView payload, const QueryParams& params,
                              Time now) {
  if (cfg_.protocol_version < 4) return SerfError::not_supported;
  if (stopped() || !started_) return SerfError::bad_state;
  enter(now);
  const Duration timeout =
      params.timeout > Duration::zero() ? params.timeout : default_query_timeout();
  QueryMsg q;
  q.ltime = query_clock_.time();
  q.id = static_cast<std::uint32_t>(rng_.below(std::uint64_t{1} << 31));  // Go: rand.Int31()
  q.addr = node_->self().address.ip;
  q.port = node_->self().address.port;
  q.source_node = cfg_.memberlist.name;
  if (!params.filter_nodes.empty())
    q.filters.push_back(encode_filter(NodeFilter{params.filter_nodes}));
  for (const auto& [tag, expr] : params.filter_tags)
    q.filters.push_back(encode_filter(TagFilter{tag, expr}));
  if (params.request_ack) q.flags |= kQueryFlagAck;
  q.relay_factor = params.relay_factor;
  q.timeout_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(timeout).count();
  q.name = std::string(name);
  q.payload.assign(payload.begin(), payload.end());

  Bytes raw = encoded(q);
  if (raw.size() > cfg_.query_size_limit) return SerfError::too_large;

  Collector c;
  c.id = q.id;
  c.deadline = now + timeout;
  collectors_[q.ltime] = std::move(c);
  arm(now + timeout, Timer{TimerKind::query_done, q.ltime, {}});

  handle_query(q);
  query_q_.push(std::move(raw));
  node_->news_queued();
  return QueryKey{q.ltime, q.id};
}

bool Serf::handle_query(const QueryMsg& q) {
  query_clock_.witness(q.ltime);
  if (query_ring_.observe(q.ltime, q.id, query_clock_.time()) != Seen::fresh) return false;
  const bool rebroadcast = !q.no_broadcast();
  // Not for us: still spread it, since this is the first time we see it.
  if (!should_process(q.filters, cfg_.memberlist.name, cfg_.tags)) return rebroadcast;

  const Address querier{q.addr, q.port};
  if (q.ack()) {
    QueryResponseMsg ack{q.ltime, q.id, cfg_.memberlist.name, kQueryFlagAck, {}};
    send_response(ack, querier, q.source_node, q.relay_factor);
  }

  QueryEvent ev;
  ev.key = QueryKey{q.ltime, q.id};
  ev.name = q.name;
  ev.payload = q.payload;
  ev.source_node = q.source_node;
  ev.respond_to = querier;
  ev.relay_factor = q.relay_factor;
  ev.deadline = now_ + std::chrono::duration_cast<Duration>(
                           std::chrono::nanoseconds(std::max<std::int64_t>(0, q.timeout_ns)));
  if (q.name.starts_with(kInternalQueryPrefix)) {
    handle_internal_query(ev);
  } else {
    sink_.on_query(ev);
  }
  return rebroadcast;
}

SerfStatus Serf::respond(QueryEvent& q, ByteView payload, Time now) {
  if (stopped()) return SerfError::bad_state;
  if (q.responded) return SerfError::already_responded;
  if (now > q.deadline) return SerfError::past_deadline;
  enter(now);
  QueryResponseMsg r{q.key.ltime, q.key.id, cfg_.memberlist.name, 0,
                     Bytes(payload.begin(), payload.end())};
  if (encoded(r).size() > cfg_.query_response_size_limit) return SerfError::too_large;
  send_response(r, q.respond_to, q.source_node, q.relay_factor);
  q.responded = true;
  return Done{};
}

void Serf::send_response(const QueryResponseMsg& r, const Address& to, std::string_view to_name,
                         std::uint8_t relay_factor) {
  Bytes raw = encoded(r);
  if (raw.size() > cfg_.query_response_size_limit) return;
  node_->send_user_message(to, raw, false, now_);
  relay_response(relay_factor, to, to_name, r);
}

void Serf::relay_response(std::uint8_t relay_factor, const Address& to, std::string_view to_name,
                          const QueryResponseMsg& r) {
  if (relay_factor == 0) return;
  // Only worth it with at least relay_factor other members.
  if (members_.size() < static_cast<std::size_t>(relay_factor) + 1) return;
  RelayMsg relay{to, std::string(to_name), encoded(r)};
  Bytes raw = encoded(relay);
  if (raw.size() > cfg_.query_response_size_limit) return;

  // Go's kRandomMembers: up to 3n random draws, alive members that speak memberlist
  // protocol 5 (relay support), not us, no repeats.
  const std::vector<MemberId> all = members_.by_name();
  std::vector<MemberId> chosen;
  const std::size_t n = all.size();
  for (std::size_t i = 0; i < 3 * n && chosen.size() < relay_factor; ++i) {
    const MemberId m = all[rng_.below(n)];
    if (members_.at(m).status != MemberStatus::alive || members_.protocol_max(m) < 5 ||
        members_.name(m) == cfg_.memberlist.name)
      continue;
    if (std::find(chosen.begin(), chosen.end(), m) != chosen.end()) continue;
    chosen.push_back(m);
  }
  for (const MemberId m : chosen) node_->send_user_message(members_.address(m), raw, false, now_);
}

void Serf::handle_query_response(const QueryResponseMsg& r) {
  auto it = collectors_.find(r.ltime);
  if (it == collectors_.end()) return;  // not a query of ours that is still running
  Collector& c = it->second;
  if (c.id != r.id || now_ > c.deadline) return;
  const QueryKey key{r.ltime, r.id};
  if (r.ack()) {
    if (!c.acks.insert(r.from).second) return;  // duplicate (relayed copies)
    if (!c.conflict_vote) sink_.on_query_ack(key, r.from);
    return;
  }
  if (!c.responses.insert(r.from).second) return;
  if (c.conflict_vote) {
    tally_conflict(c, r.payload);
  } else {
    sink_.on_query_response(key, r.from, r.payload);
  }
}

void Serf::finish_query(LamportTime ltime) {
  auto it = collectors_.find(ltime);
  if (it == collectors_.end()) return;
  const Collector c = std::move(it->second);
  collectors_.erase(it);
  if (!c.conflict_vote) {
    sink_.on_query_done(QueryKey{ltime, c.id});
    return;
  }
  resolving_conflict_ = false;
  ConflictOutcome o;
  o.responses = conflict_responses_;
  o.matching = conflict_matching_;
  o.won = o.matching >= o.responses / 2 + 1;
  conflict_responses_ = conflict_matching_ = 0;
  sink_.on_name_conflict(o);
  // Go serf calls Shutdown() when it loses the vote; we stop our state machine and let
  // the layer above decide what else to do.
  if (!o.won) shutdown();
}

// ---- internal queries ----------------------------------------------------------------

void Serf::handle_internal_query(QueryEvent& q) {
  const std::string_view name = std::string_view(q.name).substr(kInternalQueryPrefix.size());
  if (name == kPingQuery) return;  // Serf only acks a ping (when asked); no response
  if (name == kConflictQuery) {
    const std::string node(q.payload.begin(), q.payload.end());
    if (node == cfg_.memberlist.name) return;  // never vote on a conflict about ourselves
    ConflictResponseMsg resp;
    if (const std::optional<Member> m = member(node)) {
      WireMember w;
      w.name = m->name;
      w.addr = m->address.ip;
      w.port = m->address.port;
      w.tags = m->tags;
      w.status = static_cast<std::int64_t>(m->status);
      w.protocol_min = m->protocol_min;
      w.protocol_max = m->protocol_max;
      w.protocol_cur = m->protocol_cur;
      w.delegate_min = m->delegate_min;
      w.delegate_max = m->delegate_max;
      w.delegate_cur = m->delegate_cur;
      resp.member = std::move(w);
    }
    (void)respond(q, encoded(resp), now_);
    return;
  }
  if (auto op = key_op_from_query_name(name)) handle_key_query(*op, q);
}

void Serf::handle_key_query(KeyOp op, QueryEvent& q) {
  // Worked on a copy: the core's ring changes only through its input.
  std::optional<codec::Keyring> ring;
  if (const codec::Keyring* in_use = node_->keyring()) ring = *in_use;
  KeyResponseMsg resp = answer_key_query(op, q.payload, ring ? &*ring : nullptr);
  if (!resp.result || op == KeyOp::list) {
    send_key_answer(op, q, std::move(resp));
    return;
  }
  node_->set_keyring(*ring);
  const KeyringSave save = next_keyring_save_++;
  if (cfg_.answer_keys_once_saved) {
    std::erase_if(key_answers_, [&](const auto& kv) { return kv.second.query.deadline < now_; });
    key_answers_.emplace(save, KeyAnswer{op, q, std::move(resp)});
  }
  sink_.on_keyring_changed(*ring, save);
  if (!cfg_.answer_keys_once_saved) send_key_answer(op, q, std::move(resp));
}

void Serf::keyring_saved(KeyringSave save, std::optional<std::string> error, Time now) {
  auto it = key_answers_.find(save);
  if (it == key_answers_.end() || stopped()) return;
  enter(now);
  KeyAnswer a = std::move(it->second);
  key_answers_.erase(it);
  // The change itself stays made, as in Go.
  if (error) {
    a.response.result = false;
    a.response.message = std::move(*error);
  }
  send_key_answer(a.op, a.query, std::move(a.response));
}

void Serf::send_key_answer(KeyOp op, QueryEvent& q, KeyResponseMsg resp) {
  // False only when the answer is over the response size limit.
  auto sent = [&] {
    const SerfStatus st = respond(q, encoded(resp), now_);
    return st.ok() || st.error() != SerfError::too_large;
  };
  if (sent() || op != KeyOp::list) return;
  // Later serf versions trim a key list to the response limit rather than stay silent.
  const std::size_t all = resp.keys.size();
  while (!resp.keys.empty()) {
    resp.keys.pop_back();
    resp.message = "truncated key list response, showing first " +
                   std::to_string(resp.keys.size()) + " of " + std::to_string(all) + " keys";
    if (sent()) return;
  }
}

Outcome<KeyQuery> Serf::key_query(KeyOp op, std::string_view key_b64, Time now,
                                  std::uint8_t relay_factor) {
  auto key = codec::base64_decode(key_b64);
  if (!key) return SerfError::bad_key;
  QueryParams params;
  params.relay_factor = relay_factor;
  auto sent = query(internal_name(key_query_name(op)), encoded(KeyRequestMsg{std::move(*key)}),
                    params, now);
  if (!sent) return sent.error();
  KeyQuery kq{*sent, {}};
  kq.response.num_nodes = node_->num_alive();  // Go: memberlist.NumMembers() after Query
  return kq;
}

void Serf::notify_conflict(const core::Member& existing, const core::Member& /*other*/) {
  // Go only logs conflicts about other members.
  if (existing.name != cfg_.memberlist.name) return;
  if (!cfg_.enable_name_conflict_resolution || resolving_conflict_ || stopped()) return;
  const std::string& me = cfg_.memberlist.name;
  auto key = query(internal_name(kConflictQuery),
                   ByteView(reinterpret_cast<const std::uint8_t*>(me.data()), me.size()),
                   QueryParams{}, now_);
  if (!key) return;
  collectors_[key->ltime].conflict_vote = true;
  resolving_conflict_ = true;
  conflict_responses_ = conflict_matching_ = 0;
}

void Serf::tally_conflict(Collector& /*c*/, ByteView payload) {
  if (payload.empty() || static_cast<MessageType>(payload[0]) != MessageType::conflict_response)
    return;
  auto resp = decode_conflict_response(payload.subspan(1));
  if (!resp) return;
  ++conflict_responses_;
  // Go decodes a nil member as a zero Member: a response that does not match.
  const Address mine = node_->self().address;
  if (resp->member && resp->member->addr == mine.ip && resp->member->port == mine.port)
    ++conflict_matching_;
}

}  // namespace rumor::serf
