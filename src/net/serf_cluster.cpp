// The thread-safe Serf facade; see serf_cluster.hpp.
#include "net/serf_cluster.hpp"

#include <future>
#include <mutex>
#include <stdexcept>

#include "net/endpoint.hpp"
#include "net/machine.hpp"
#include "net/options_check.hpp"
#include "net/os_random.hpp"
#include "net/runtime.hpp"
#include "serf/coalesce.hpp"
#include "serf/serf.hpp"

namespace rumor::net {

namespace {
constexpr std::uint16_t kDefaultPort = 7946;

std::chrono::milliseconds to_ms(core::Duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d);
}
}  // namespace

// Loop-thread state. Declaration order is destruction order reversed: the Serf goes
// before the sink and the runtime it was built on.
struct SerfCluster::State {
  std::chrono::milliseconds call_timeout;
  SubscriberList<SerfEvent> subscribers;
  std::unique_ptr<Sink> sink;
  std::unique_ptr<Runtime> runtime;
  std::unique_ptr<serf::Serf> serf;
  std::unique_ptr<Driver> machine;
  std::optional<serf::MemberEventCoalescer> member_coalescer;
  std::optional<serf::UserEventCoalescer> user_coalescer;
  core::Time now{0};  // of the input being handled

  // Work produced inside a Serf input (events, query callbacks), run as a separate loop
  // task afterwards so that user code never re-enters Serf mid-input.
  std::vector<std::function<void()>> deferred;

  std::mutex join_mu;  // one join at a time: Serf reports completion per join
  std::shared_ptr<std::promise<std::size_t>> join_done;
  std::vector<std::shared_ptr<std::promise<void>>> leaves;

  std::map<std::uint64_t, serf::QueryEvent> received;  // queries we may still answer
  std::uint64_t next_query_id = 1;
  std::function<std::optional<std::string>(const codec::Keyring&)> on_keyring_changed;
  std::function<void(const serf::MemberEvent&)> on_member_event_raised;
  std::function<void(const serf::MemberIntent&)> on_member_intent;
  std::function<void(const serf::UserEvent&, const Address*)> on_user_event_raised;
  const Address* packet_from = nullptr;           // during on_packet only
  std::map<serf::QueryKey, QueryCallbacks> mine;  // our queries in flight
};

// Serf's EventSink: called synchronously inside Serf inputs, on the loop thread.
class SerfCluster::Sink final : public serf::EventSink {
 public:
  explicit Sink(State& s) : s_(s) {}

  void on_member_event(const serf::MemberEvent& e) override {
    if (s_.on_member_event_raised) s_.on_member_event_raised(e);
    if (s_.member_coalescer) {
      s_.member_coalescer->add(e, s_.now);
    } else {
      publish(e);
    }
  }
  void on_user_event(const serf::UserEvent& e) override {
    if (s_.on_user_event_raised) s_.on_user_event_raised(e, s_.packet_from);
    if (!s_.user_coalescer || !s_.user_coalescer->add(e, s_.now)) publish(e);
  }
  void on_query(const serf::QueryEvent& q) override {
    const core::Time now = s_.runtime->now();
    std::erase_if(s_.received, [&](const auto& kv) { return kv.second.deadline < now; });
    const std::uint64_t id = s_.next_query_id++;
    s_.received.emplace(id, q);
    publish(ReceivedQuery{id, q.key.ltime, q.name, q.payload, q.source_node, q.deadline});
  }
  void on_query_ack(const serf::QueryKey& q, std::string_view from) override {
    auto it = s_.mine.find(q);
    if (it == s_.mine.end() || !it->second.ack) return;
    s_.deferred.push_back([cb = it->second.ack, f = std::string(from)] { cb(f); });
  }
  void on_query_response(const serf::QueryKey& q, std::string_view from,
                         ByteView payload) override {
    auto it = s_.mine.find(q);
    if (it == s_.mine.end() || !it->second.response) return;
    s_.deferred.push_back([cb = it->second.response, f = std::string(from),
                           p = Bytes(payload.begin(), payload.end())] { cb(f, p); });
  }
  void on_query_done(const serf::QueryKey& q) override {
    auto it = s_.mine.find(q);
    if (it == s_.mine.end()) return;
    if (it->second.done) s_.deferred.push_back(std::move(it->second.done));
    s_.mine.erase(it);
  }
  void on_join_done(std::size_t contacted) override {
    if (s_.join_done) s_.join_done->set_value(contacted);
    s_.join_done.reset();
  }
  void on_left() override {
    for (auto& p : s_.leaves) p->set_value();
    s_.leaves.clear();
  }
  void on_name_conflict(const serf::ConflictOutcome& o) override { publish(o); }
  void on_member_intent(const serf::MemberIntent& i) override {
    if (s_.on_member_intent) s_.on_member_intent(i);
  }
  // Saved after the Serf input that changed it, as a task of its own; the answer to
  // the key query goes when the save is done (Config::answer_keys_once_saved).
  void on_keyring_changed(const codec::Keyring& ring, serf::KeyringSave save) override {
    if (!s_.on_keyring_changed) return;
    s_.deferred.push_back([&s = s_, ring, save] {
      std::optional<std::string> error = s.on_keyring_changed(ring);
      s.serf->keyring_saved(save, std::move(error), s.runtime->now());
    });
  }

 private:
  friend class SerfCluster::Driver;
  template <class E>
  void publish(E e) {
    s_.deferred.push_back([&subs = s_.subscribers, ev = SerfEvent(std::move(e))] {
      subs.publish({&ev, 1});
    });
  }
  State& s_;
};

// What the runtime drives: the Serf, plus the coalescers' deadlines, which live in the
// same loop time as Serf's own timers.
class SerfCluster::Driver final : public Machine {
 public:
  explicit Driver(State& s) : s_(s) {}
  void start(core::Time now) override {
    s_.now = now;
    s_.serf->start(now);
  }
  void on_packet(const Address& from, ByteView packet, core::Time now) override {
    s_.now = now;
    s_.packet_from = &from;
    s_.serf->on_packet(from, packet, now);
    s_.packet_from = nullptr;
  }
  void on_stream(core::StreamId id, const Address& from, ByteView request,
                 core::Time now) override {
    s_.now = now;
    s_.serf->on_stream(id, from, request, now);
  }
  void on_stream_reply(core::StreamId id, ByteView reply, core::Time now) override {
    s_.now = now;
    s_.serf->on_stream_reply(id, reply, now);
  }
  void on_stream_failed(core::StreamId id, core::Time now) override {
    s_.now = now;
    s_.serf->on_stream_failed(id, now);
  }
  core::Time next_deadline() const override {
    core::Time t = s_.serf->next_deadline();
    if (s_.member_coalescer) t = std::min(t, s_.member_coalescer->next_deadline());
    if (s_.user_coalescer) t = std::min(t, s_.user_coalescer->next_deadline());
    return t;
  }
  void on_timeout(core::Time now) override {
    s_.now = now;
    if (s_.serf->next_deadline() <= now) s_.serf->on_timeout(now);
    if (s_.member_coalescer)
      for (auto& e : s_.member_coalescer->flush_due(now)) s_.sink->publish(std::move(e));
    if (s_.user_coalescer)
      for (auto& e : s_.user_coalescer->flush_due(now)) s_.sink->publish(std::move(e));
  }

 private:
  State& s_;
};

std::unique_ptr<SerfCluster> SerfCluster::start(SerfClusterOptions opt) {
  return std::unique_ptr<SerfCluster>(new SerfCluster(std::move(opt)));
}

SerfCluster::SerfCluster(SerfClusterOptions opt) : s_(std::make_unique<State>()) {
  if (opt.config.memberlist.name.empty())
    throw std::invalid_argument("rumor::net: config.memberlist.name is required");
  check_options(opt);
  s_->call_timeout = opt.call_timeout;
  if (opt.subscriber) s_->subscribers.add(std::move(opt.subscriber));
  s_->on_keyring_changed = std::move(opt.on_keyring_changed);
  s_->on_member_event_raised = std::move(opt.on_member_event_raised);
  s_->on_member_intent = std::move(opt.on_member_intent);
  s_->on_user_event_raised = std::move(opt.on_user_event_raised);
  auto& enc = opt.config.memberlist.encryption;
  if (enc.keyring && !enc.nonce) enc.nonce = os_nonce_source();
  opt.config.answer_keys_once_saved = static_cast<bool>(s_->on_keyring_changed);
  s_->sink = std::make_unique<Sink>(*s_);
  RuntimeOptions ro;
  ro.transport = opt.transport;
  ro.transport.tcp_timeout = opt.config.memberlist.tcp_timeout;
  ro.inbound_queue_limit = opt.inbound_queue_limit;
  s_->runtime = std::make_unique<Runtime>(ro);
  advertise_ = s_->runtime->advertise();
  opt.config.memberlist.advertise = advertise_;
  config_ = opt.config;
  const std::uint64_t seed = opt.seed ? *opt.seed : Runtime::random_seed();
  s_->serf =
      std::make_unique<serf::Serf>(std::move(opt.config), s_->runtime->effects(), *s_->sink, seed);
  if (opt.member_coalescing.period.count() > 0)
    s_->member_coalescer.emplace(opt.member_coalescing.period, opt.member_coalescing.quiescent);
  if (opt.user_coalescing.period.count() > 0)
    s_->user_coalescer.emplace(opt.user_coalescing.period, opt.user_coalescing.quiescent);
  s_->machine = std::make_unique<Driver>(*s_);
  s_->runtime->set_after_input([s = s_.get()] {
    if (s->deferred.empty()) return;
    auto work = std::make_shared<std::vector<std::function<void()>>>(std::move(s->deferred));
    s->deferred.clear();
    s->runtime->post([work](core::Time) {
      for (auto& fn : *work) fn();
    });
  });
  s_->runtime->start(*s_->machine);
}

SerfCluster::~SerfCluster() {
  try {
    shutdown();
  } catch (...) {  // destroyed from a callback: the runtime detaches instead
  }
}

std::size_t SerfCluster::join(const std::vector<std::string>& seeds, bool ignore_old,
                              std::vector<std::string>* unresolved) {
  if (s_->runtime->on_loop_thread())
    throw std::logic_error("rumor::net: join() from an event callback would deadlock");
  std::vector<Address> addrs;
  for (const std::string& text : seeds) {
    if (auto a = resolve_address(text, kDefaultPort)) {
      addrs.push_back(*a);
    } else if (unresolved) {
      unresolved->push_back(text);
    }
  }
  if (addrs.empty()) return 0;
  std::lock_guard serial(s_->join_mu);
  auto promise = std::make_shared<std::promise<std::size_t>>();
  auto done = promise->get_future();
  const auto st = s_->runtime->call(
      [&](core::Time now) {
        s_->join_done = promise;
        auto r = s_->serf->join(addrs, ignore_old, now);
        if (!r) s_->join_done.reset();
        return r;
      },
      s_->call_timeout);
  if (!st) return 0;
  // Each push/pull ends by its stream deadline (tcp_timeout); allow the loop some slack.
  const auto limit = to_ms(config_.memberlist.tcp_timeout) + s_->call_timeout;
  if (done.wait_for(limit) == std::future_status::ready) return done.get();
  s_->runtime->call([&](core::Time) { s_->join_done.reset(); }, s_->call_timeout);
  return 0;
}

bool SerfCluster::leave(std::chrono::milliseconds timeout) {
  if (s_->runtime->on_loop_thread())
    throw std::logic_error("rumor::net: leave() from an event callback would deadlock");
  auto promise = std::make_shared<std::promise<void>>();
  auto done = promise->get_future();
  const auto st = s_->runtime->call(
      [&](core::Time now) {
        auto r = s_->serf->leave(now);
        if (r) s_->leaves.push_back(promise);
        return r;
      },
      s_->call_timeout);
  return st && done.wait_for(timeout) == std::future_status::ready;
}

std::vector<serf::Member> SerfCluster::members() {
  return s_->runtime->call([this](core::Time) { return s_->serf->members(); }, s_->call_timeout);
}

serf::Member SerfCluster::local_member() {
  return s_->runtime->call([this](core::Time) { return s_->serf->local_member(); },
                           s_->call_timeout);
}

serf::SerfStatus SerfCluster::user_event(const std::string& name, Bytes payload, bool coalesce) {
  return s_->runtime->call(
      [&](core::Time now) { return s_->serf->user_event(name, payload, coalesce, now); },
      s_->call_timeout);
}

serf::Outcome<serf::QueryKey> SerfCluster::query(const std::string& name, Bytes payload,
                                                 const serf::QueryParams& params,
                                                 QueryCallbacks cb) {
  check_query(params);
  return s_->runtime->call(
      [&](core::Time now) {
        auto key = s_->serf->query(name, payload, params, now);
        if (key) s_->mine[*key] = std::move(cb);
        return key;
      },
      s_->call_timeout);
}

serf::Outcome<QueryResult> SerfCluster::query_collect(const std::string& name, Bytes payload,
                                                      const serf::QueryParams& params) {
  if (s_->runtime->on_loop_thread())
    throw std::logic_error("rumor::net: query_collect() from an event callback would deadlock");
  check_query(params);
  struct Collected {
    QueryResult result;
    std::promise<void> done;
  };
  // Callbacks run on the loop thread only, and `done` comes last: no lock needed.
  auto c = std::make_shared<Collected>();
  auto finished = c->done.get_future();
  QueryCallbacks cb;
  cb.ack = [c](const std::string& from) { c->result.acks.push_back(from); };
  cb.response = [c](const std::string& from, const Bytes& p) { c->result.responses[from] = p; };
  cb.done = [c] { c->done.set_value(); };
  const auto timeout = s_->runtime->call(
      [&](core::Time) {
        return params.timeout.count() > 0 ? params.timeout : s_->serf->default_query_timeout();
      },
      s_->call_timeout);
  auto key = query(name, std::move(payload), params, std::move(cb));
  if (!key) return key.error();
  if (finished.wait_for(to_ms(timeout) + s_->call_timeout) != std::future_status::ready)
    throw CallError("rumor::net: the query did not finish in time");
  return std::move(c->result);
}

serf::SerfStatus SerfCluster::respond(std::uint64_t query_id, Bytes payload) {
  return s_->runtime->call(
      [&](core::Time now) -> serf::SerfStatus {
        auto it = s_->received.find(query_id);
        if (it == s_->received.end()) return serf::SerfError::unknown_query;
        return s_->serf->respond(it->second, payload, now);
      },
      s_->call_timeout);
}

serf::SerfStatus SerfCluster::update_tags(const serf::Tags& set,
                                          const std::vector<std::string>& remove) {
  return s_->runtime->call(
      [&](core::Time now) {
        serf::Tags tags = s_->serf->local_member().tags;
        for (const auto& k : remove) tags.erase(k);
        for (const auto& [k, v] : set) tags[k] = v;
        return s_->serf->set_tags(std::move(tags), now);
      },
      s_->call_timeout);
}

serf::SerfStatus SerfCluster::force_leave(const std::string& node, bool prune) {
  return s_->runtime->call([&](core::Time now) { return s_->serf->force_leave(node, prune, now); },
                           s_->call_timeout);
}

serf::Outcome<serf::KeyResponse> SerfCluster::key_query(serf::KeyOp op,
                                                        const std::string& key_b64) {
  if (s_->runtime->on_loop_thread())
    throw std::logic_error("rumor::net: key_query() from an event callback would deadlock");
  // Tallied on the loop thread only; `done` is set once, by a complete tally or the end.
  struct Tally {
    serf::KeyResponse response;
    bool finished = false;
    std::promise<void> done;
  };
  auto t = std::make_shared<Tally>();
  auto finished = t->done.get_future();
  auto finish = [t] {
    if (t->finished) return;
    t->finished = true;
    t->done.set_value();
  };
  const auto started = s_->runtime->call(
      [&](core::Time now) -> serf::SerfStatus {
        auto q = s_->serf->key_query(op, key_b64, now);
        if (!q) return q.error();
        t->response = q->response;
        QueryCallbacks cb;
        cb.response = [t, finish](const std::string& from, const Bytes& p) {
          if (t->response.add(from, p)) finish();
        };
        cb.done = finish;
        s_->mine[q->key] = std::move(cb);
        return serf::Done{};
      },
      s_->call_timeout);
  if (!started) return started.error();
  const auto limit =
      to_ms(s_->runtime->call([this](core::Time) { return s_->serf->default_query_timeout(); },
                              s_->call_timeout)) +
      s_->call_timeout;
  if (finished.wait_for(limit) != std::future_status::ready)
    throw CallError("rumor::net: the key query did not finish in time");
  return s_->runtime->call([t](core::Time) { return t->response; }, s_->call_timeout);
}

void SerfCluster::restore_clocks(serf::LamportTime member, serf::LamportTime event,
                                 serf::LamportTime query) {
  s_->runtime->call([&](core::Time) { s_->serf->restore_clocks(member, event, query); },
                    s_->call_timeout);
}

SubscriptionId SerfCluster::subscribe(SerfEventCallback cb) {
  return s_->subscribers.add(std::move(cb));
}

void SerfCluster::unsubscribe(SubscriptionId id) {
  s_->subscribers.remove(id);
}

SerfClusterStats SerfCluster::stats() {
  return s_->runtime->call(
      [this](core::Time) {
        const serf::Serf& sf = *s_->serf;
        SerfClusterStats st;
        st.core = sf.node().stats();
        st.net = s_->runtime->stats();
        st.members = sf.members().size();
        st.failed = sf.num_failed();
        st.left = sf.num_left();
        st.member_time = sf.member_time();
        st.event_time = sf.event_time();
        st.query_time = sf.query_time();
        st.queued_broadcasts = sf.queued_broadcasts();
        st.intent_queue = sf.queued_intents();
        st.event_queue = sf.queued_events();
        st.query_queue = sf.queued_queries();
        st.coordinate_resets = sf.coordinate_resets();
        st.health_score = sf.node().health_score();
        return st;
      },
      s_->call_timeout);
}

PeerTrafficSnapshot SerfCluster::peer_traffic() {
  return s_->runtime->call(
      [this](core::Time now) {
        return PeerTrafficSnapshot{now, s_->serf->node().peer_traffic()};
      },
      s_->call_timeout);
}

std::optional<serf::Coordinate> SerfCluster::coordinate(const std::string& name) {
  return s_->runtime->call(
      [&](core::Time) -> std::optional<serf::Coordinate> {
        if (const serf::Coordinate* c = s_->serf->cached_coordinate(name)) return *c;
        return std::nullopt;
      },
      s_->call_timeout);
}

void SerfCluster::shutdown() {
  if (s_->runtime) s_->runtime->stop();
}

}  // namespace rumor::net
