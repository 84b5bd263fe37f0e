// The bodies the agent's HTTP routes serve (members, stats, peers, events, metrics):
// pure functions of what the agent reports, declared in http_server.hpp.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "agent/http_server.hpp"
#include "agent/stats_views.hpp"
#include "codec/base64.hpp"
#include "codec/messages.hpp"

namespace rumor::agent {

using json = nlohmann::json;

namespace {

std::string dump(const json& j) {
  // Names, tags and payload names come from the network: never throw on bad UTF-8.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

json member_to_json(const MemberInfo& m) {
  json tags = json::object();
  for (const auto& [k, v] : m.tags) tags[k] = v;
  return json{{"name", m.name},
              {"addr", m.addr},
              {"port", m.port},
              {"status", m.status},
              {"tags", std::move(tags)}};
}

// The message types memberlist sends as plain messages; always reported, zero or not.
constexpr codec::MessageType kPlainTypes[] = {
    codec::MessageType::ping,  codec::MessageType::indirect_ping, codec::MessageType::ack,
    codec::MessageType::nack,  codec::MessageType::suspect,       codec::MessageType::alive,
    codec::MessageType::dead,  codec::MessageType::push_pull,     codec::MessageType::user,
    codec::MessageType::error,
};

bool is_plain(std::size_t i) {
  for (auto t : kPlainTypes)
    if (static_cast<std::size_t>(t) == i) return true;
  return false;
}

std::string type_name(std::size_t i) {
  if (i == core::kOtherTypes) return "other";
  std::string n = codec::to_string(static_cast<codec::MessageType>(i));
  if (n == "unknown") n = "unknown_" + std::to_string(i);
  return n;
}

// Calls fn(name, index) for each message type worth reporting: the plain ones, and any
// other with traffic in either direction.
template <class F>
void each_type(const core::Stats& c, F&& fn) {
  for (std::size_t i = 0; i < c.msgs_in.size(); ++i) {
    if (is_plain(i) || c.msgs_in[i] || c.msgs_out[i] || c.bytes_in[i] || c.bytes_out[i])
      fn(type_name(i), i);
  }
}

std::uint64_t inbound_depth(const net::InboundQueueStats& q) {
  const auto out = q.processed + q.dropped[static_cast<std::size_t>(net::QueueDrop::evicted)];
  return q.enqueued > out ? q.enqueued - out : 0;
}

constexpr EventType kEventTypes[] = {EventType::member_join,   EventType::member_leave,
                                     EventType::member_failed, EventType::member_update,
                                     EventType::member_reap,   EventType::user,
                                     EventType::query};

std::uint64_t alive_members(const net::SerfClusterStats& c) {
  const auto gone = c.failed + c.left;
  return c.members > gone ? c.members - gone : 0;
}

json counters_json(const HttpServerCounters& h) {
  json codes = json::object();
  for (const auto& [code, n] : h.responses) codes[std::to_string(code)] = n;
  return json{{"connections", h.connections},     {"connections_rejected", h.connections_rejected},
              {"requests", h.requests},           {"responses", std::move(codes)},
              {"malformed", h.malformed},         {"timeouts", h.timeouts},
              {"unauthorized", h.unauthorized},   {"backend_errors", h.backend_errors},
              {"event_streams", h.event_streams}, {"events_received", h.events_received},
              {"events_sent", h.events_sent},     {"streams_dropped", h.streams_dropped},
              {"events_lost", h.events_lost}};
}

}  // namespace

std::string members_json(const std::vector<MemberInfo>& members) {
  std::vector<const MemberInfo*> sorted;
  for (const auto& m : members) sorted.push_back(&m);
  std::sort(sorted.begin(), sorted.end(),
            [](const MemberInfo* a, const MemberInfo* b) { return a->name < b->name; });
  json arr = json::array();
  for (const auto* m : sorted) arr.push_back(member_to_json(*m));
  return dump(json{{"members", std::move(arr)}});
}

std::string stats_json(const HttpStats& st, const HttpServerCounters& http) {
  const auto& cl = st.cluster;
  const auto& c = cl.core;
  json msgs_in = json::object(), msgs_out = json::object(), bytes_in = json::object(),
       bytes_out = json::object();
  std::uint64_t tmi = 0, tmo = 0, tbi = 0, tbo = 0;
  each_type(c, [&](const std::string& name, std::size_t i) {
    msgs_in[name] = c.msgs_in[i];
    msgs_out[name] = c.msgs_out[i];
    bytes_in[name] = c.bytes_in[i];
    bytes_out[name] = c.bytes_out[i];
  });
  for (std::size_t i = 0; i < c.msgs_in.size(); ++i) {
    tmi += c.msgs_in[i];
    tmo += c.msgs_out[i];
    tbi += c.bytes_in[i];
    tbo += c.bytes_out[i];
  }
  json dropped = json::object();
  for (const auto& [reason, n] : dropped_by_reason(cl)) dropped[reason] = n;

  json events = json::object();
  for (auto t : kEventTypes) events[to_string(t)] = st.agent.events[static_cast<std::size_t>(t)];

  json rtt = nullptr;
  if (st.probe_rtt && st.probe_rtt->valid())
    rtt = json{{"bounds", st.probe_rtt->bounds},
               {"counts", st.probe_rtt->counts},
               {"sum", st.probe_rtt->sum},
               {"count", st.probe_rtt->count()}};

  const auto& t = cl.net.transport;
  json j = {
      {"node", st.node},
      {"uptime_seconds", st.uptime_seconds},
      {"health_score", cl.health_score},
      {"members",
       {{"total", cl.members},
        {"alive", alive_members(cl)},
        {"failed", cl.failed},
        {"left", cl.left}}},
      {"clocks", {{"member", cl.member_time}, {"event", cl.event_time}, {"query", cl.query_time}}},
      {"queues",
       {{"broadcasts", cl.queued_broadcasts},
        {"inbound", inbound_depth(cl.net.queue)},
        {"inbound_high_water", cl.net.queue.high_water},
        {"handlers", st.agent.handler_queue},
        {"dispatcher", st.agent.dispatcher_queue}}},
      {"messages",
       {{"in", std::move(msgs_in)},
        {"out", std::move(msgs_out)},
        {"total_in", tmi},
        {"total_out", tmo}}},
      {"bytes",
       {{"in", std::move(bytes_in)},
        {"out", std::move(bytes_out)},
        {"total_in", tbi},
        {"total_out", tbo}}},
      {"packets",
       {{"in", c.packets_in},
        {"out", c.packets_out},
        {"bytes_in", c.packet_bytes_in},
        {"bytes_out", c.packet_bytes_out}}},
      {"streams",
       {{"in", c.streams_in},
        {"out", c.streams_out},
        {"bytes_in", c.stream_bytes_in},
        {"bytes_out", c.stream_bytes_out}}},
      {"probes",
       {{"started", c.probes},
        {"failed", c.probe_failures},
        {"indirect", c.indirect_probes},
        {"tcp_fallback_saves", c.tcp_fallback_saves}}},
      {"probe_rtt", std::move(rtt)},
      {"suspicions", c.suspicions},
      {"refutations", c.refutations},
      {"deaths_declared", c.deaths_declared},
      {"push_pulls", c.push_pulls},
      {"reconnect_attempts", c.reconnect_attempts},
      {"dropped", std::move(dropped)},
      {"transport_errors",
       {{"send", t.send_errors},
        {"receive", t.receive_errors},
        {"connect", t.stream_connect_failures},
        {"timeout", t.stream_timeouts},
        {"frame", t.stream_frame_errors},
        {"io", t.stream_io_errors}}},
      {"agent",
       {{"events", std::move(events)},
        {"user_events_sent", st.agent.user_events_sent},
        {"queries_sent", st.agent.queries_sent},
        {"query_responses", st.agent.query_responses},
        {"handlers_run", st.agent.handlers_run},
        {"handler_drops", st.agent.handler_drops},
        {"dispatcher_drops", st.agent.dispatcher_drops},
        {"event_streams", st.agent.event_streams}}},
      {"http", counters_json(http)},
  };
  return dump(j);
}

std::string peers_json(const GossipView& view) {
  json arr = json::array();
  for (const auto& e : view.edges)
    arr.push_back(json{{"from", e.from},
                       {"to", e.to},
                       {"messages", e.messages},
                       {"bytes", e.bytes},
                       {"last_seconds_ago", e.last_seconds_ago}});
  return dump(json{{"edges", std::move(arr)}});
}

std::string event_json(const Event& e, std::uint64_t id, std::int64_t unix_ms) {
  json j = {{"id", id}, {"type", to_string(e.type)}, {"time_ms", unix_ms}};
  switch (e.type) {
    case EventType::user:
      j["coalesce"] = e.coalesce;
      [[fallthrough]];
    case EventType::query:
      j["name"] = e.name;
      j["ltime"] = e.ltime;
      j["payload"] = codec::base64_encode(e.payload);
      break;
    default: {
      json arr = json::array();
      for (const auto& m : e.members) arr.push_back(member_to_json(m));
      j["members"] = std::move(arr);
    }
  }
  return dump(j);
}

std::string render_metrics(const HttpStats& st, const HttpServerCounters& http) {
  using prom::Type;
  const auto& cl = st.cluster;
  const auto& c = cl.core;
  const auto& t = cl.net.transport;
  prom::Writer w;
  w.family("rumor_info", Type::gauge, "Constant 1, labelled with this agent's node name.")
      .sample({{"node", st.node}}, std::uint64_t{1});
  w.gauge("rumor_uptime_seconds", "Seconds since the agent started.", st.uptime_seconds);

  w.family("rumor_messages_total", Type::counter,
           "Gossip messages by memberlist message type and direction.");
  each_type(c, [&](const std::string& name, std::size_t i) {
    w.sample({{"type", name}, {"direction", "in"}}, c.msgs_in[i]);
    w.sample({{"type", name}, {"direction", "out"}}, c.msgs_out[i]);
  });
  w.family("rumor_message_bytes_total", Type::counter,
           "Bytes of gossip messages by memberlist message type and direction.");
  each_type(c, [&](const std::string& name, std::size_t i) {
    w.sample({{"type", name}, {"direction", "in"}}, c.bytes_in[i]);
    w.sample({{"type", name}, {"direction", "out"}}, c.bytes_out[i]);
  });
  w.family("rumor_packets_total", Type::counter, "UDP packets by direction.")
      .sample({{"direction", "in"}}, c.packets_in)
      .sample({{"direction", "out"}}, c.packets_out);
  w.family("rumor_packet_bytes_total", Type::counter, "UDP packet bytes by direction.")
      .sample({{"direction", "in"}}, c.packet_bytes_in)
      .sample({{"direction", "out"}}, c.packet_bytes_out);
  w.family("rumor_streams_total", Type::counter, "TCP streams by direction.")
      .sample({{"direction", "in"}}, c.streams_in)
      .sample({{"direction", "out"}}, c.streams_out);
  w.family("rumor_stream_bytes_total", Type::counter, "TCP stream bytes by direction.")
      .sample({{"direction", "in"}}, c.stream_bytes_in)
      .sample({{"direction", "out"}}, c.stream_bytes_out);

  w.counter("rumor_probes_total", "Probe rounds started.", c.probes);
  w.counter("rumor_probe_failures_total", "Probes that ended with no ack at all.",
            c.probe_failures);
  w.counter("rumor_indirect_probes_total", "Probes that needed indirect pings.", c.indirect_probes);
  w.counter("rumor_tcp_fallback_saves_total", "Probes saved only by the TCP fallback.",
            c.tcp_fallback_saves);
  if (st.probe_rtt && st.probe_rtt->valid())
    w.family("rumor_probe_rtt_seconds", Type::histogram,
             "Round-trip time of direct probes (ping to ack).")
        .histogram({}, *st.probe_rtt);
  w.counter("rumor_suspicions_total", "Members this agent started suspecting.", c.suspicions);
  w.counter("rumor_refutations_total", "Rumours about this agent that it refuted.", c.refutations);
  w.counter("rumor_deaths_declared_total", "Suspicion timeouts this agent turned into dead.",
            c.deaths_declared);
  w.counter("rumor_push_pulls_total", "Push/pull state exchanges completed.", c.push_pulls);
  w.counter("rumor_reconnect_attempts_total", "Contacts to dead members or seeds.",
            c.reconnect_attempts);
  w.counter("rumor_user_messages_total", "Memberlist user messages received (Serf's traffic).",
            c.user_messages_in);
  w.counter("rumor_plain_packets_total",
            "Packets and streams accepted unencrypted while holding a keyring.", c.plain_in);

  w.family("rumor_dropped_packets_total", Type::counter,
           "Packets and messages dropped, by reason.");
  for (const auto& [reason, n] : dropped_by_reason(cl)) w.sample({{"reason", reason}}, n);
  w.family("rumor_transport_errors_total", Type::counter, "Socket errors, by kind.")
      .sample({{"kind", "send"}}, t.send_errors)
      .sample({{"kind", "receive"}}, t.receive_errors)
      .sample({{"kind", "connect"}}, t.stream_connect_failures)
      .sample({{"kind", "timeout"}}, t.stream_timeouts)
      .sample({{"kind", "frame"}}, t.stream_frame_errors)
      .sample({{"kind", "io"}}, t.stream_io_errors);
  w.counter("rumor_handler_exceptions_total",
            "Exceptions that escaped a gossip loop handler (a bug).", cl.net.handler_exceptions);

  w.gauge("rumor_health_score", "Lifeguard's awareness score: 0 is healthy, higher is worse.",
          static_cast<double>(cl.health_score));
  w.family("rumor_members", Type::gauge,
           "Members known, by Serf status (alive counts leaving ones too).")
      .sample({{"status", "alive"}}, alive_members(cl))
      .sample({{"status", "failed"}}, std::uint64_t{cl.failed})
      .sample({{"status", "left"}}, std::uint64_t{cl.left});
  w.family("rumor_lamport_time", Type::gauge, "Serf's Lamport clocks.")
      .sample({{"clock", "member"}}, std::uint64_t{cl.member_time})
      .sample({{"clock", "event"}}, std::uint64_t{cl.event_time})
      .sample({{"clock", "query"}}, std::uint64_t{cl.query_time});
  w.family("rumor_queue_depth", Type::gauge, "Items waiting in a queue, by queue.")
      .sample({{"queue", "broadcasts"}}, std::uint64_t{cl.queued_broadcasts})
      .sample({{"queue", "inbound"}}, inbound_depth(cl.net.queue))
      .sample({{"queue", "handlers"}}, std::uint64_t{st.agent.handler_queue})
      .sample({{"queue", "dispatcher"}}, std::uint64_t{st.agent.dispatcher_queue});
  w.gauge("rumor_inbound_queue_high_water", "Deepest the inbound packet queue has been.",
          static_cast<double>(cl.net.queue.high_water));

  w.family("rumor_events_total", Type::counter,
           "Agent events handed to handlers and streams, by type.");
  for (auto e : kEventTypes)
    w.sample({{"type", to_string(e)}}, st.agent.events[static_cast<std::size_t>(e)]);
  w.counter("rumor_user_events_sent_total", "User events this agent originated.",
            st.agent.user_events_sent);
  w.counter("rumor_queries_sent_total", "Queries this agent started.", st.agent.queries_sent);
  w.counter("rumor_query_responses_total", "Query answers this agent sent.",
            st.agent.query_responses);
  w.counter("rumor_handlers_run_total", "Event handler runs completed.", st.agent.handlers_run);
  w.counter("rumor_handler_drops_total", "Event handler runs dropped: the queue was full.",
            st.agent.handler_drops);
  w.counter("rumor_dispatcher_drops_total",
            "Events dropped before handlers and streams: the dispatcher queue was full.",
            st.agent.dispatcher_drops);
  w.gauge("rumor_rpc_event_streams", "RPC event streams open.",
          static_cast<double>(st.agent.event_streams));

  w.counter("rumor_http_connections_total", "HTTP connections accepted.", http.connections);
  w.counter("rumor_http_connections_rejected_total",
            "HTTP connections closed at once: too many open.", http.connections_rejected);
  w.counter("rumor_http_requests_total", "HTTP requests received (complete heads).", http.requests);
  w.family("rumor_http_responses_total", Type::counter, "HTTP responses by status code.");
  for (const auto& [code, n] : http.responses) w.sample({{"code", std::to_string(code)}}, n);
  w.counter("rumor_http_malformed_requests_total", "HTTP requests refused by the parser.",
            http.malformed);
  w.counter("rumor_http_timeouts_total", "HTTP connections closed by a timeout.", http.timeouts);
  w.counter("rumor_http_unauthorized_total", "HTTP requests without the right token.",
            http.unauthorized);
  w.counter("rumor_http_backend_errors_total", "HTTP requests the agent could not answer.",
            http.backend_errors);
  w.gauge("rumor_http_event_streams", "Clients of /v1/events now.",
          static_cast<double>(http.event_streams));
  w.counter("rumor_http_events_sent_total", "Server-sent events written to clients.",
            http.events_sent);
  w.counter("rumor_http_event_streams_dropped_total",
            "Event stream clients dropped for being too slow.", http.streams_dropped);
  w.counter("rumor_http_events_lost_total",
            "Events the HTTP thread fell too far behind to deliver.", http.events_lost);
  return std::move(w).take();
}

}  // namespace rumor::agent
