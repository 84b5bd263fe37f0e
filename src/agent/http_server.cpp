#include "agent/http_server.hpp"

#include <algorithm>
#include <array>
#include <asio.hpp>
#include <atomic>
#include <cctype>
#include <charconv>
#include <deque>
#include <future>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <thread>

#include "agent/ui/assets.hpp"
#include "codec/base64.hpp"
#include "codec/messages.hpp"

namespace rumor::agent {

using asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using json = nlohmann::json;

// ---------------------------------------------------------------------------------------
// Bodies

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
  for (std::size_t r = 0; r < c.dropped.size(); ++r)
    dropped[core::to_string(static_cast<core::DropReason>(r))] = c.dropped[r];
  for (std::size_t r = 0; r < cl.net.queue.dropped.size(); ++r)
    dropped[net::to_string(static_cast<net::QueueDrop>(r))] = cl.net.queue.dropped[r];
  dropped["empty"] = cl.net.transport.empty_packets;

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
  for (std::size_t r = 0; r < c.dropped.size(); ++r)
    w.sample({{"reason", core::to_string(static_cast<core::DropReason>(r))}}, c.dropped[r]);
  for (std::size_t r = 0; r < cl.net.queue.dropped.size(); ++r)
    w.sample({{"reason", net::to_string(static_cast<net::QueueDrop>(r))}}, cl.net.queue.dropped[r]);
  w.sample({{"reason", "empty"}}, t.empty_packets);
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

bool is_loopback_address(const std::string& host) {
  asio::error_code ec;
  const auto a = asio::ip::make_address(host, ec);
  if (ec) return false;
  if (a.is_v4()) return a.to_v4().is_loopback();
  const auto v6 = a.to_v6();
  if (v6.is_loopback()) return true;
  if (v6.is_v4_mapped()) return asio::ip::make_address_v4(asio::ip::v4_mapped, v6).is_loopback();
  return false;
}

// ---------------------------------------------------------------------------------------
// The server

namespace http_impl {

class Conn;

// The event callback's way in: late callbacks (after stop) find `impl` null.
struct Sink {
  std::mutex mu;
  HttpServer::Impl* impl = nullptr;
};

}  // namespace http_impl

namespace {

bool constant_time_equal(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  const std::size_t n = std::max(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const auto x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    const auto y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff = static_cast<unsigned char>(diff | (x ^ y));
  }
  return diff == 0;
}

std::int64_t unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string error_body(std::string_view msg) {
  return dump(json{{"error", msg}});
}

constexpr std::size_t kRingEvents = 1024;                 // events kept for delivery and replay
constexpr std::size_t kRingBytes = 4 << 20;               // and their bytes at most
constexpr std::size_t kStreamQueueBytes = 4 << 20;        // one client's backlog at most
constexpr auto kLingerTimeout = std::chrono::seconds(2);  // draining before a close

}  // namespace

using http_impl::Conn;
using http_impl::Sink;

struct HttpServer::Impl {
  Impl(HttpBackend& b, HttpServerOptions o) : backend(b), opt(std::move(o)), acceptor(io) {}

  void accept();
  void on_event(const Event& e);  // agent thread
  void deliver();                 // io thread
  void count(const std::function<void(HttpServerCounters&)>& fn) {
    std::lock_guard lock(cnt_mu);
    fn(cnt);
  }

  HttpBackend& backend;
  HttpServerOptions opt;
  asio::io_context io;
  tcp::acceptor acceptor;
  std::string addr_text;
  std::uint16_t port = 0;
  Clock::time_point started = Clock::now();

  std::shared_ptr<Sink> sink = std::make_shared<Sink>();
  std::uint64_t watch_token = 0;
  bool watching = false;

  // Events from the agent: a bounded ring of SSE frames, by id. Under ev_mu.
  std::mutex ev_mu;
  std::deque<std::pair<std::uint64_t, std::shared_ptr<const std::string>>> ring;
  std::size_t ring_bytes = 0;
  std::uint64_t next_id = 1;
  bool wake_pending = false;
  std::uint64_t delivered = 0;  // last id handed to the streams (io thread, under ev_mu)

  // Io thread only.
  std::set<std::shared_ptr<Conn>> conns;
  std::set<std::shared_ptr<Conn>> streams;

  mutable std::mutex cnt_mu;
  HttpServerCounters cnt;

  std::atomic<bool> stopped{false};
  std::thread thread;
};

namespace http_impl {

class Conn : public std::enable_shared_from_this<Conn> {
  struct Out {
    std::shared_ptr<const std::string> data;
    bool event = false;  // an SSE event frame (counted when written)
  };

 public:
  Conn(HttpServer::Impl& srv, tcp::socket sock)
      : srv_(srv), sock_(std::move(sock)), timer_(srv.io), beat_(srv.io), age_(srv.io) {}

  void start() {
    idle_ = true;  // nothing sent yet: a silent connection is closed without a word
    set_deadline(Clock::now() + srv_.opt.request_timeout);
    read();
  }

  // Closes at once (io thread). Idempotent.
  void close() {
    if (closed_) return;
    closed_ = true;
    asio::error_code ec;
    sock_.shutdown(tcp::socket::shutdown_both, ec);
    sock_.close(ec);
    timer_.cancel();
    beat_.cancel();
    age_.cancel();
    auto self = shared_from_this();
    srv_.conns.erase(self);
    if (srv_.streams.erase(self)) srv_.count([](auto& c) { --c.event_streams; });
  }

  // New events for a stream client; false when it cannot keep up (it is then closed).
  bool push_events(const std::vector<std::shared_ptr<const std::string>>& frames) {
    if (closed_ || close_after_write_) return false;
    // The backlog this client has not taken yet decides; a burst is accepted whole (it
    // is bounded by the ring), so a fast client is never dropped for one burst.
    if (out_.size() >= srv_.opt.stream_queue_limit || out_bytes_ > kStreamQueueBytes) {
      srv_.count([](auto& c) { ++c.streams_dropped; });
      close();
      return false;
    }
    for (const auto& f : frames) enqueue(f, true);
    write_next();
    return true;
  }

 private:
  void read() {
    if (closed_ || reading_) return;
    reading_ = true;
    sock_.async_read_some(asio::buffer(rbuf_),
                          [self = shared_from_this()](const asio::error_code& ec, std::size_t n) {
                            self->reading_ = false;
                            self->on_read(ec, n);
                          });
  }

  void on_read(const asio::error_code& ec, std::size_t n) {
    if (closed_) return;
    if (ec) {
      close();
      return;
    }
    if (lingering_ || stream_) {  // nothing more is wanted from this client
      read();
      return;
    }
    if (in_.empty() && idle_) {
      idle_ = false;  // a new request starts: it must be complete within request_timeout
      set_deadline(Clock::now() + srv_.opt.request_timeout);
    }
    in_.append(rbuf_.data(), n);
    process();
  }

  void process() {
    if (closed_ || busy_ || lingering_) return;
    http::Request req;
    const auto r = http::parse_request(in_, srv_.opt.limits, req);
    switch (r.status) {
      case http::ParseStatus::incomplete:
        read();
        return;
      case http::ParseStatus::error:
        srv_.count([](auto& c) { ++c.malformed; });
        in_.clear();
        respond(r.code, "application/json", error_body(r.reason), false, false);
        return;
      case http::ParseStatus::complete:
        break;
    }
    in_.erase(0, r.consumed);
    srv_.count([](auto& c) { ++c.requests; });
    handle(req);
  }

  void handle(const http::Request& req) {
    const bool head = req.method == "HEAD";
    const bool keep = req.keep_alive();
    if (req.method != "GET" && !head) {
      respond(405, "application/json", error_body("only GET and HEAD are supported"), false, keep,
              "Allow: GET, HEAD\r\n");
      return;
    }
    const std::string& p = req.path;
    if (p == "/" || p == "/ui" || p == "/ui/" || p == "/index.html") {
      serve_asset("index.html", head, keep);
      return;
    }
    if (p.starts_with("/ui/")) {
      serve_asset(std::string_view(p).substr(4), head, keep);
      return;
    }
    const bool api = p == "/metrics" || p.starts_with("/v1/");
    if (!api) {
      respond(404, "application/json", error_body("not found"), head, keep);
      return;
    }
    if (srv_.opt.token.empty() && !loopback_host(req)) {
      // Without a token, loopback is the only protection: a page elsewhere whose name
      // re-resolves to 127.0.0.1 (DNS rebinding) must not read the API through a browser.
      srv_.count([](auto& c) { ++c.unauthorized; });
      respond(403, "application/json",
              error_body("Host must name a loopback address (or set a token)"), head, keep);
      return;
    }
    if (!authorized(req)) {
      srv_.count([](auto& c) { ++c.unauthorized; });
      respond(401, "application/json",
              error_body("a token is required: Authorization: Bearer <token> or ?token="), head,
              keep, "WWW-Authenticate: Bearer realm=\"rumor\"\r\n");
      return;
    }
    try {
      if (p == "/v1/members") {
        respond(200, "application/json", members_json(srv_.backend.member_list()), head, keep);
      } else if (p == "/v1/stats") {
        auto st = srv_.backend.stats_snapshot();
        respond(200, "application/json", stats_json(st, counters()), head, keep);
      } else if (p == "/v1/peers") {
        respond(200, "application/json", peers_json(srv_.backend.gossip_view()), head, keep);
      } else if (p == "/metrics") {
        auto st = srv_.backend.stats_snapshot();
        respond(200, std::string(prom::kContentType), render_metrics(st, counters()), head, keep);
      } else if (p == "/v1/events") {
        start_stream(req, head);
      } else {
        respond(404, "application/json", error_body("not found"), head, keep);
      }
    } catch (const std::exception& e) {
      srv_.count([](auto& c) { ++c.backend_errors; });
      respond(503, "application/json", error_body(std::string("agent: ") + e.what()), head, keep);
    }
  }

  HttpServerCounters counters() const {
    std::lock_guard lock(srv_.cnt_mu);
    return srv_.cnt;
  }

  // The Host header names localhost, a loopback address or the address we listen on.
  bool loopback_host(const http::Request& req) const {
    const auto* h = req.header("host");
    if (!h) return req.minor == 0;  // HTTP/1.0 may leave it out; 1.1 cannot (parser)
    std::string_view host = *h;
    if (host.starts_with('[')) {
      const auto close = host.find(']');
      if (close == std::string_view::npos) return false;
      host = host.substr(1, close - 1);
    } else if (const auto colon = host.find(':'); colon != std::string_view::npos) {
      host = host.substr(0, colon);
    }
    std::string name(host);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name.ends_with('.')) name.pop_back();
    return name == "localhost" || name.ends_with(".localhost") || is_loopback_address(name) ||
           name == srv_.opt.host;
  }

  bool authorized(const http::Request& req) const {
    const std::string& token = srv_.opt.token;
    if (token.empty()) return true;
    if (const auto* h = req.header("authorization")) {
      std::string_view v = *h;
      if (v.size() > 7 && (v.substr(0, 7) == "Bearer " || v.substr(0, 7) == "bearer ")) {
        v.remove_prefix(7);
        while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
        if (constant_time_equal(v, token)) return true;
      }
    }
    if (auto q = req.query_param("token")) return constant_time_equal(*q, token);
    return false;
  }

  void serve_asset(std::string_view name, bool head, bool keep) {
    const auto* a = ui::find_asset(name);
    if (!a) {
      respond(404, "application/json", error_body("not found"), head, keep);
      return;
    }
    respond(200, std::string(a->content_type), std::string(a->body), head, keep,
            "Cache-Control: no-cache\r\n"
            "Content-Security-Policy: default-src 'self'; img-src 'self' data:; "
            "style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'\r\n");
  }

  void start_stream(const http::Request& req, bool head) {
    if (srv_.streams.size() >= srv_.opt.max_event_streams) {
      respond(503, "application/json", error_body("too many event streams"), head, false);
      return;
    }
    std::string h =
        "HTTP/1.1 200 OK\r\n"
        "Content-Type: text/event-stream\r\n"
        "Cache-Control: no-store\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        "X-Accel-Buffering: no\r\n";
    if (head) {
      h += "Connection: close\r\n\r\n";
      count_response(200);
      close_after_write_ = true;
      busy_ = true;
      enqueue(std::make_shared<const std::string>(std::move(h)), false);
      write_next();
      return;
    }
    h += "Connection: keep-alive\r\n\r\n";
    // Reconnecting EventSources send the last id they saw: resume after it.
    std::optional<std::uint64_t> after;
    auto parse_id = [](const std::string& s) -> std::optional<std::uint64_t> {
      std::uint64_t v = 0;
      const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
      if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
      return v;
    };
    if (const auto* id = req.header("last-event-id")) after = parse_id(*id);
    if (!after)
      if (auto since = req.query_param("since")) after = parse_id(*since);

    count_response(200);
    stream_ = true;
    busy_ = true;
    in_.clear();
    srv_.streams.insert(shared_from_this());
    srv_.count([](auto& c) { ++c.event_streams; });
    enqueue(std::make_shared<const std::string>(std::move(h)), false);
    enqueue(std::make_shared<const std::string>("retry: 3000\n\n"), false);
    {
      std::lock_guard lock(srv_.ev_mu);
      std::vector<std::shared_ptr<const std::string>> replay;
      for (const auto& [id, frame] : srv_.ring) {
        if (id > srv_.delivered) break;  // the next deliver() hands these out
        if (after ? id > *after : true) replay.push_back(frame);
      }
      if (!after && replay.size() > srv_.opt.recent_events)
        replay.erase(replay.begin(),
                     replay.end() - static_cast<std::ptrdiff_t>(srv_.opt.recent_events));
      for (auto& f : replay) enqueue(std::move(f), true);
    }
    write_next();
    read();  // to notice the client going away
    arm_heartbeat();
    if (srv_.opt.stream_max_age.count() > 0) {
      age_.expires_after(srv_.opt.stream_max_age);
      age_.async_wait([self = shared_from_this()](const asio::error_code& ec) {
        if (!ec && !self->closed_) self->end_stream();
      });
    }
  }

  // Ends an event stream gracefully: what is queued is written, then the connection is
  // closed; the client reconnects and resumes after the last id it saw.
  void end_stream() {
    if (srv_.streams.erase(shared_from_this())) srv_.count([](auto& c) { --c.event_streams; });
    beat_.cancel();
    close_after_write_ = true;
    if (!writing_ && out_.empty()) linger();
  }

  void arm_heartbeat() {
    beat_.expires_after(srv_.opt.heartbeat);
    beat_.async_wait([self = shared_from_this()](const asio::error_code& ec) {
      if (ec || self->closed_) return;
      if (self->out_.empty()) {
        self->enqueue(std::make_shared<const std::string>(": heartbeat\n\n"), false);
        self->write_next();
      }
      self->arm_heartbeat();
    });
  }

  void count_response(int code) {
    srv_.count([code](auto& c) { ++c.responses[code]; });
  }

  void respond(int code, const std::string& type, std::string body, bool head, bool keep,
               std::string_view extra = {}) {
    count_response(code);
    std::string r = "HTTP/1.1 " + std::to_string(code) + " " + http::status_text(code) + "\r\n";
    r += "Content-Type: " + type + "\r\n";
    r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    r += keep ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
    if (extra.find("Cache-Control") == std::string_view::npos) r += "Cache-Control: no-store\r\n";
    r += "X-Content-Type-Options: nosniff\r\n";
    r += extra;
    r += "\r\n";
    if (!head) r += body;
    busy_ = true;
    close_after_write_ = !keep;
    enqueue(std::make_shared<const std::string>(std::move(r)), false);
    write_next();
  }

  void enqueue(std::shared_ptr<const std::string> s, bool event) {
    out_bytes_ += s->size();
    out_.push_back({std::move(s), event});
  }

  void write_next() {
    if (closed_ || writing_ || out_.empty()) return;
    writing_ = true;
    set_deadline(Clock::now() + srv_.opt.write_timeout);
    // Gather what is queued into one write.
    auto batch = std::make_shared<std::vector<Out>>(out_.begin(), out_.end());
    out_.clear();
    std::vector<asio::const_buffer> bufs;
    for (const auto& o : *batch) bufs.push_back(asio::buffer(*o.data));
    asio::async_write(sock_, bufs,
                      [self = shared_from_this(), batch](const asio::error_code& ec, std::size_t) {
                        self->on_written(ec, *batch);
                      });
  }

  void on_written(const asio::error_code& ec, const std::vector<Out>& batch) {
    writing_ = false;
    if (closed_) return;
    if (ec) {
      close();
      return;
    }
    std::uint64_t events = 0;
    for (const auto& o : batch) {
      out_bytes_ -= o.data->size();
      if (o.event) ++events;
    }
    if (events) srv_.count([events](auto& c) { c.events_sent += events; });
    if (!out_.empty()) {
      write_next();
      return;
    }
    if (close_after_write_) {
      linger();
      return;
    }
    if (stream_) {
      timer_.cancel();  // no deadline while nothing is being written
      return;
    }
    busy_ = false;
    if (in_.empty()) {
      idle_ = true;
      set_deadline(Clock::now() + srv_.opt.idle_timeout);
    } else {
      set_deadline(Clock::now() + srv_.opt.request_timeout);
    }
    process();
  }

  // After a response with "Connection: close": stop sending, then read and discard until
  // the client closes (or briefly), so unread bytes do not turn our close into a reset
  // that could destroy the response in flight.
  void linger() {
    lingering_ = true;
    asio::error_code ec;
    sock_.shutdown(tcp::socket::shutdown_send, ec);
    if (ec) {
      close();
      return;
    }
    set_deadline(Clock::now() + kLingerTimeout);
    read();
  }

  void set_deadline(Clock::time_point tp) {
    timer_.expires_at(tp);
    timer_.async_wait([self = shared_from_this()](const asio::error_code& ec) {
      if (ec || self->closed_) return;  // cancelled or moved
      self->on_timeout();
    });
  }

  void on_timeout() {
    if (lingering_) {
      close();
      return;
    }
    if (stream_) {
      srv_.count([](auto& c) { ++c.streams_dropped; });
    } else if (!idle_ || writing_) {
      srv_.count([](auto& c) { ++c.timeouts; });
      if (!writing_ && !busy_) {  // a request that did not arrive in time: say so
        in_.clear();
        respond(408, "application/json", error_body("request timeout"), false, false);
        return;
      }
    }
    close();
  }

  HttpServer::Impl& srv_;
  tcp::socket sock_;
  asio::steady_timer timer_, beat_, age_;
  std::array<char, 4096> rbuf_{};
  std::string in_;
  std::deque<Out> out_;
  std::size_t out_bytes_ = 0;
  bool reading_ = false, writing_ = false, closed_ = false;
  bool busy_ = false;    // a response is being written: the next request waits
  bool idle_ = false;    // between requests (idle_timeout applies)
  bool stream_ = false;  // an event stream
  bool close_after_write_ = false, lingering_ = false;
};

}  // namespace http_impl

void HttpServer::Impl::accept() {
  acceptor.async_accept([this](const asio::error_code& ec, tcp::socket sock) {
    if (stopped) return;
    if (!ec) {
      if (conns.size() >= opt.max_connections) {
        count([](auto& c) { ++c.connections_rejected; });
        asio::error_code ignored;
        sock.close(ignored);
      } else {
        count([](auto& c) { ++c.connections; });
        asio::error_code ignored;
        sock.set_option(tcp::no_delay(true), ignored);
        auto conn = std::make_shared<Conn>(*this, std::move(sock));
        conns.insert(conn);
        conn->start();
      }
    } else if (ec == asio::error::operation_aborted || !acceptor.is_open()) {
      return;
    }
    accept();
  });
}

void HttpServer::Impl::on_event(const Event& e) {
  const auto now = unix_ms();
  std::lock_guard lock(ev_mu);
  const auto id = next_id++;
  auto frame = std::make_shared<const std::string>("id: " + std::to_string(id) +
                                                   "\ndata: " + event_json(e, id, now) + "\n\n");
  ring_bytes += frame->size();
  ring.emplace_back(id, std::move(frame));
  while (ring.size() > std::max(kRingEvents, opt.recent_events) ||
         (ring.size() > 1 && ring_bytes > kRingBytes)) {
    ring_bytes -= ring.front().second->size();
    ring.pop_front();
  }
  count([](auto& c) { ++c.events_received; });
  if (!wake_pending) {
    wake_pending = true;
    asio::post(io, [this] { deliver(); });
  }
}

void HttpServer::Impl::deliver() {
  std::vector<std::shared_ptr<const std::string>> frames;
  std::uint64_t lost = 0;
  {
    std::lock_guard lock(ev_mu);
    wake_pending = false;
    if (!ring.empty() && ring.front().first > delivered + 1)
      lost = ring.front().first - delivered - 1;
    for (const auto& [id, f] : ring)
      if (id > delivered) frames.push_back(f);
    delivered = next_id - 1;
  }
  if (streams.empty() || frames.empty()) return;
  if (lost) count([&](auto& c) { c.events_lost += lost; });
  const auto targets = streams;  // a slow client leaves the set while we go
  for (const auto& s : targets) s->push_events(frames);
}

HttpServer::HttpServer(HttpBackend& backend, HttpServerOptions opt)
    : impl_(std::make_unique<Impl>(backend, std::move(opt))) {
  auto& s = *impl_;
  asio::error_code ec;
  const auto ip = asio::ip::make_address(s.opt.host, ec);
  if (ec) throw std::invalid_argument("http: not a numeric address: '" + s.opt.host + "'");
  const tcp::endpoint ep(ip, s.opt.port);
  s.addr_text =
      (ip.is_v6() ? "[" + ip.to_string() + "]" : ip.to_string()) + ":" + std::to_string(s.opt.port);
  if (!is_loopback_address(s.opt.host) && s.opt.token.empty())
    throw std::invalid_argument("http: " + s.addr_text +
                                " is not a loopback address: a token (http_token) is required "
                                "to serve the HTTP API there");
  if (s.opt.limits.max_head_bytes == 0 || s.opt.max_connections == 0 ||
      s.opt.stream_queue_limit == 0)
    throw std::invalid_argument("http: limits must be positive");

  auto fail = [&](const char* what) {
    throw std::runtime_error("http: cannot listen on " + s.addr_text + ": " + what + ": " +
                             ec.message());
  };
  s.acceptor.open(ep.protocol(), ec);
  if (ec) fail("open");
  s.acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (ec) fail("reuse_address");
  s.acceptor.bind(ep, ec);
  if (ec) fail("bind");
  s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) fail("listen");
  s.port = s.acceptor.local_endpoint(ec).port();
  s.addr_text =
      (ip.is_v6() ? "[" + ip.to_string() + "]" : ip.to_string()) + ":" + std::to_string(s.port);

  s.sink->impl = impl_.get();
  s.watch_token = backend.watch_events([sink = s.sink](const Event& e) {
    std::lock_guard lock(sink->mu);
    if (sink->impl) sink->impl->on_event(e);
  });
  s.watching = true;
  s.accept();
  s.thread = std::thread([&s] {
    for (;;) {
      try {
        s.io.run();
        return;
      } catch (const std::exception&) {
        // A handler threw (a bug): keep serving the other connections.
      }
    }
  });
}

HttpServer::~HttpServer() {
  stop();
}

std::uint16_t HttpServer::port() const {
  return impl_->port;
}

std::string HttpServer::address() const {
  return impl_->addr_text;
}

HttpServerCounters HttpServer::counters() const {
  std::lock_guard lock(impl_->cnt_mu);
  return impl_->cnt;
}

void HttpServer::stop() {
  auto& s = *impl_;
  if (s.stopped.exchange(true)) return;
  if (s.watching) s.backend.unwatch_events(s.watch_token);
  {
    std::lock_guard lock(s.sink->mu);
    s.sink->impl = nullptr;  // a callback already under way has finished; none follow
  }
  std::promise<void> closed;
  asio::post(s.io, [&s, &closed] {
    asio::error_code ec;
    s.acceptor.close(ec);
    const auto all = s.conns;
    for (const auto& c : all) c->close();
    closed.set_value();
  });
  if (s.thread.joinable()) {
    closed.get_future().wait_for(std::chrono::seconds(5));
    s.io.stop();
    s.thread.join();
  }
  s.conns.clear();
  s.streams.clear();
}

}  // namespace rumor::agent
