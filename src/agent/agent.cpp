#include "agent/agent.hpp"

#include <ifaddrs.h>
#include <netinet/in.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include "agent/cluster_options.hpp"
#include "agent/config_file.hpp"
#include "agent/keyring_file.hpp"
#include "agent/serf_views.hpp"
#include "agent/snapshot.hpp"
#include "agent/stats_views.hpp"
#include "net/endpoint.hpp"

namespace rumor::agent {

namespace {

using namespace std::chrono_literals;

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0 || buf[0] == 0) return "rumor";
  return buf;
}

// Serf advertises the first private IPv4 address when bound to 0.0.0.0; so do we, and
// fall back to loopback on a machine without one.
std::string first_interface_ipv4() {
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return "127.0.0.1";
  std::string found;
  for (ifaddrs* i = list; i && found.empty(); i = i->ifa_next) {
    if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET) continue;
    const auto* sin = reinterpret_cast<const sockaddr_in*>(i->ifa_addr);
    const std::uint32_t a = ntohl(sin->sin_addr.s_addr);
    if ((a >> 24) == 127) continue;
    found = std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." +
            std::to_string((a >> 8) & 255) + "." + std::to_string(a & 255);
  }
  ::freeifaddrs(list);
  return found.empty() ? "127.0.0.1" : found;
}

}  // namespace

Agent::Agent(AgentConfig cfg, std::vector<HttpMount> http_mounts)
    : cfg_(std::move(cfg)), http_mounts_(std::move(http_mounts)) {
  if (cfg_.node_name.empty()) cfg_.node_name = host_name();
  trace_.open(cfg_.node_name);
  const auto level = parse_log_level(cfg_.log_level);
  if (!level) throw ConfigError("log_level", "unknown level '" + cfg_.log_level + "'");
  log_.set_level(*level);
  for (const auto& spec : cfg_.event_handlers) {
    if (auto err = parse_event_script(spec, scripts_); !err.empty())
      throw ConfigError("event_handler", err);
  }
  if (!cfg_.tags_file.empty()) {
    // As Serf: once the tags file exists it is the source of truth, and tags may not
    // also be configured, since it would be unclear which wins.
    if (std::filesystem::exists(cfg_.tags_file)) {
      if (!cfg_.tags.empty())
        throw ConfigError("tags_file", "tags may not be given as well as a tags file");
      if (auto err = read_tags_file(cfg_.tags_file, cfg_.tags); !err.empty())
        throw ConfigError("tags_file", err);
    } else if (auto err = write_tags_file(cfg_.tags_file, cfg_.tags); !err.empty()) {
      throw std::runtime_error("tags_file: " + err);
    }
  }

  self_ = SelfInfo{cfg_.node_name, cfg_.tags};  // our tags change only through set_tags()
  snapshotter_ = Snapshotter(cfg_.node_name);
  std::shared_ptr<codec::Keyring> ring;
  if (auto err = load_keyring(cfg_.encrypt_key, cfg_.keyring_file, ring); !err.empty()) {
    const auto colon = err.find(": ");  // its errors start with the key they are about
    throw ConfigError(err.substr(0, colon),
                      colon == std::string::npos ? "" : err.substr(colon + 2));
  }
  net::SerfClusterOptions opt = cluster_options(cfg_, ring, first_interface_ipv4());
  opt.transport.debug_log = [this](const std::string& line) { log_.debug("memberlist", line); };
  opt.subscriber = [this](const net::SerfEvent& e) { on_serf_event(e); };
  // Serf logs each member event where it happens, before its agent coalesces them.
  opt.on_member_event_raised = [this](const serf::MemberEvent& e) {
    for (const auto& m : e.members)
      log_.info("serf", member_event_log_line(event_type(e.type), member_info(m)));
    note_for_snapshot([&](Snapshotter& s) { s.on_member_event(e); });
  };
  opt.on_member_intent = [this](const serf::MemberIntent&) {
    note_for_snapshot([](Snapshotter& s) { s.clock_moved(); });
  };
  if (trace_.on())
    opt.on_user_event_raised = [this](const serf::UserEvent& e, const Address* from) {
      trace_.mark("raised", e.name, from ? from->to_string() : "local");
    };
  // As Serf's agent: every member rewrites its keyring file when a key query changes
  // the ring, so a restart comes back with the keys the cluster moved to.
  if (ring && !cfg_.keyring_file.empty())
    opt.on_keyring_changed =
        [path = cfg_.keyring_file](const codec::Keyring& r) -> std::optional<std::string> {
      if (auto err = write_keyring_file(path, r); !err.empty()) return err;
      return std::nullopt;
    };
  try {
    cluster_ = net::SerfCluster::start(std::move(opt));
  } catch (const std::system_error& e) {
    throw std::runtime_error("bind: " + cfg_.bind + ": " + e.what());
  } catch (const std::invalid_argument& e) {  // an address the transport cannot use
    const std::string what = e.what();
    throw ConfigError(what.find("advertise") != std::string::npos ? "advertise" : "bind", what);
  }
}

Agent::~Agent() {
  shutdown();
}

void Agent::start() {
  log_.info("agent", "rumor agent running: node '" + cfg_.node_name + "', gossip on " +
                         cluster_->address().to_string());
  const auto rpc = net::parse_address(cfg_.rpc_addr, 7373);
  if (!rpc) throw ConfigError("rpc_addr", "not an address: '" + cfg_.rpc_addr + "'");
  try {
    rpc_ = std::make_unique<RpcServer>(rpc_adapter_, rpc->ip.to_string(), rpc->port);
  } catch (const std::exception& e) {
    throw std::runtime_error("rpc_addr: " + cfg_.rpc_addr + ": " + e.what());
  }
  log_.info("agent",
            "RPC listening on " + rpc->ip.to_string() + ":" + std::to_string(rpc_->port()));
  if (!cfg_.http_addr.empty()) {
    const auto http = net::parse_address(cfg_.http_addr, 7380);
    if (!http) throw ConfigError("http_addr", "not an address: '" + cfg_.http_addr + "'");
    HttpServerOptions ho;
    ho.host = http->ip.to_string();
    ho.port = http->port;
    ho.token = cfg_.http_token;
    ho.mounts = http_mounts_;
    try {
      http_ = std::make_unique<HttpServer>(http_adapter_, ho);
    } catch (const std::invalid_argument& e) {  // off loopback without a token
      throw ConfigError("http_addr", cfg_.http_addr + ": " + e.what());
    } catch (const std::exception& e) {
      throw std::runtime_error("http_addr: " + cfg_.http_addr + ": " + e.what());
    }
    log_.info("agent", "HTTP API and dashboard on http://" + http_->address() + "/");
  }
  if (!cfg_.snapshot_path.empty()) rejoin_from_snapshot();
  if (!cfg_.join.empty()) {
    std::string err;
    const int n = join(cfg_.join, cfg_.replay, err);
    if (n == 0) throw std::runtime_error("join: no node answered: " + err);
  }
  if (!cfg_.retry_join.empty()) retry_thread_ = std::thread([this] { retry_join_loop(); });
  if (!cfg_.snapshot_path.empty()) snapshot_thread_ = std::thread([this] { snapshot_loop(); });
}

void Agent::rejoin_from_snapshot() {
  Snapshot snap;
  bool found = false;
  if (auto err = read_snapshot(cfg_.snapshot_path, snap, found); !err.empty()) {
    log_.warn("agent", "snapshot unreadable, starting without it: " + err);
    return;
  }
  if (!found) return;
  cluster_->restore_clocks(snap.member_clock, snap.event_clock, snap.query_clock);
  if (snap.left && !cfg_.rejoin_after_leave) {
    log_.info("agent", "left gracefully last time: not rejoining (see rejoin_after_leave)");
    return;
  }
  std::vector<std::string> addrs;
  for (const auto& m : snap.alive) addrs.push_back(m.addr);
  if (addrs.empty()) return;
  // Not "ignore old": the restored clocks already refuse what we handled before, and
  // events sent while we were down should still reach us.
  const std::size_t n = cluster_->join(addrs, /*ignore_old=*/false);
  log_.info("agent", "rejoined from snapshot: " + std::to_string(n) + " of " +
                         std::to_string(addrs.size()) + " previous members answered");
}

template <class F>
void Agent::note_for_snapshot(F&& change) {
  if (cfg_.snapshot_path.empty()) return;
  std::lock_guard lock(snap_mu_);
  change(snapshotter_);
  snap_cv_.notify_all();
}

Snapshot Agent::take_snapshot(bool left) {
  const auto st = cluster_->stats();  // the three clocks, read only when writing
  std::lock_guard lock(snap_mu_);
  return snapshotter_.take(st.member_time, st.event_time, st.query_time, left);
}

void Agent::save_snapshot(const Snapshot& snap) {
  {
    std::lock_guard lock(snap_mu_);
    if (snap == last_snapshot_) return;
  }
  if (auto err = write_snapshot(cfg_.snapshot_path, snap); !err.empty()) {
    log_.error("agent", "snapshot: " + err);
    return;
  }
  std::lock_guard lock(snap_mu_);
  last_snapshot_ = snap;
}

void Agent::snapshot_loop() {
  auto last_write = std::chrono::steady_clock::now() - 1s;
  for (;;) {
    {
      std::unique_lock lock(snap_mu_);
      snap_cv_.wait(lock, [&] { return snap_stop_ || snapshotter_.changed(); });
      // At most once a second: what happens meanwhile goes into the same write.
      if (snap_cv_.wait_until(lock, last_write + 1s, [&] { return snap_stop_; })) return;
    }
    last_write = std::chrono::steady_clock::now();
    try {
      save_snapshot(take_snapshot(false));
    } catch (const std::exception& e) {
      log_.warn("agent", std::string("snapshot: ") + e.what());
    }
  }
}

void Agent::stop_snapshots() {
  {
    std::lock_guard lock(snap_mu_);
    snap_stop_ = true;
    snap_cv_.notify_all();
  }
  if (snapshot_thread_.joinable() && std::this_thread::get_id() != snapshot_thread_.get_id())
    snapshot_thread_.join();
}

void Agent::retry_join_loop() {
  for (int attempt = 1; cfg_.retry_max == 0 || attempt <= cfg_.retry_max; ++attempt) {
    std::string err;
    if (join(cfg_.retry_join, cfg_.replay, err) > 0) {
      log_.info("agent", "retry join succeeded");
      return;
    }
    log_.warn("agent", "retry join failed (attempt " + std::to_string(attempt) + "): " + err);
    std::unique_lock lock(mu_);
    if (cv_.wait_for(lock, cfg_.retry_interval, [&] { return shutdown_ || shutdown_requested_; }))
      return;
  }
  log_.error("agent", "retry join gave up");
}

int Agent::join(const std::vector<std::string>& addrs, bool replay, std::string& err) {
  // Serf's agent.go and memberlist's Join word these lines so.
  std::string list;
  for (const auto& a : addrs) list += (list.empty() ? "" : " ") + a;
  log_.info("agent", "joining: [" + list + "] replay: " + (replay ? "true" : "false"));
  for (const auto& a : addrs) log_.debug("memberlist", "Initiating push/pull sync with: " + a);
  try {
    std::vector<std::string> unresolved;
    const std::size_t n = cluster_->join(addrs, !replay, &unresolved);
    for (const auto& a : unresolved) err += "cannot resolve '" + a + "'; ";
    if (n == 0) err += "no seed answered";
    if (n > 0) log_.info("agent", "joined: " + std::to_string(n) + " nodes");
    return static_cast<int>(n);
  } catch (const std::exception& e) {
    err += e.what();
    return 0;
  }
}

std::string Agent::leave() {
  log_.info("agent", "graceful leave");
  const auto& sc = cluster_->config();
  const auto limit = std::chrono::duration_cast<std::chrono::milliseconds>(
                         sc.broadcast_timeout + sc.leave_propagate_delay) +
                     5s;
  try {
    if (!cluster_->leave(limit)) return "leave timed out";
    if (!cfg_.snapshot_path.empty()) {
      // Recorded before anything else can overwrite it: the next start must not rejoin.
      Snapshot snap = take_snapshot(true);
      {
        std::lock_guard lock(mu_);
        left_ = true;
        cv_.notify_all();
      }
      stop_snapshots();
      save_snapshot(snap);
    }
  } catch (const std::exception& e) {
    return e.what();
  }
  return {};
}

void Agent::shutdown_after_leave() {
  std::lock_guard lock(mu_);
  shutdown_requested_ = true;
  cv_.notify_all();
}

void Agent::leave_and_shutdown() {
  if (const auto err = leave(); !err.empty()) log_.warn("agent", "leave: " + err);
  shutdown();
}

void Agent::shutdown() {
  {
    std::lock_guard lock(mu_);
    if (shutdown_) return;
    shutdown_ = true;
    shutdown_requested_ = true;
    cv_.notify_all();
  }
  if (rpc_) rpc_->stop();
  if (http_) http_->stop();
  stop_snapshots();
  bool left = false;
  {
    std::lock_guard lock(mu_);
    left = left_;
  }
  if (!cfg_.snapshot_path.empty() && !left) {
    try {
      save_snapshot(take_snapshot(false));
    } catch (const std::exception& e) {
      log_.warn("agent", std::string("snapshot at shutdown: ") + e.what());
    }
  }
  cluster_->shutdown();
  if (retry_thread_.joinable()) retry_thread_.join();
  handlers_.wait_idle(cfg_.handler_timeout + 1s);
  log_.info("agent", "shutdown complete");
}

void Agent::wait() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return shutdown_requested_; });
}

bool Agent::shutting_down() const {
  std::lock_guard lock(mu_);
  return shutdown_requested_;
}

std::vector<serf::Member> Agent::members() {
  return cluster_->members();
}

serf::Member Agent::local_member() {
  return cluster_->local_member();
}

net::SerfClusterStats Agent::cluster_stats() {
  return cluster_->stats();
}

serf::SerfStatus Agent::user_event(const std::string& name, const Bytes& payload, bool coalesce) {
  trace_.mark("rpc", name);
  const auto st = cluster_->user_event(name, payload, coalesce);
  if (st) {
    ++user_events_sent_;
    log_.debug("agent", "Requesting user event send: " + name +
                            ". Coalesced: " + (coalesce ? "true" : "false"));
  }
  return st;
}

serf::SerfStatus Agent::force_leave(const std::string& node, bool prune) {
  return cluster_->force_leave(node, prune);
}

serf::SerfStatus Agent::set_tags(const serf::Tags& set, const std::vector<std::string>& remove) {
  const auto st = cluster_->update_tags(set, remove);
  if (st) {
    const serf::Tags now = cluster_->local_member().tags;
    {
      std::lock_guard lock(self_mu_);
      self_.tags = Tags(now.begin(), now.end());
    }
    persist_tags(now);
  }
  return st;
}

void Agent::persist_tags(const serf::Tags& tags) {
  if (cfg_.tags_file.empty()) return;
  if (auto err = write_tags_file(cfg_.tags_file, Tags(tags.begin(), tags.end())); !err.empty())
    log_.error("agent", "tags_file: " + err);
}

std::vector<EventScript> Agent::scripts() const {
  std::lock_guard lock(scripts_mu_);
  return scripts_;
}

void Agent::reload(const AgentConfig& next) {
  log_.info("agent", "reloading configuration");
  if (const auto level = parse_log_level(next.log_level)) log_.set_level(*level);
  std::vector<EventScript> scripts;
  for (const auto& spec : next.event_handlers) {
    if (auto err = parse_event_script(spec, scripts); !err.empty()) {
      log_.error("agent", "reload: event_handler: " + err + "; keeping the old handlers");
      scripts = this->scripts();
      break;
    }
  }
  {
    std::lock_guard lock(scripts_mu_);
    scripts_ = std::move(scripts);
  }
  // Tags: when there is a tags file it stays the source of truth.
  if (next.tags_file.empty()) {
    try {
      const serf::Tags current = cluster_->local_member().tags;
      if (current != serf::Tags(next.tags.begin(), next.tags.end())) {
        std::vector<std::string> removed;
        for (const auto& [k, v] : current)
          if (!next.tags.count(k)) removed.push_back(k);
        if (const auto st = set_tags(serf::Tags(next.tags.begin(), next.tags.end()), removed); !st)
          log_.error("agent", "reload: tags: " + error_text(st.error()));
      }
    } catch (const std::exception& e) {
      log_.error("agent", std::string("reload: tags: ") + e.what());
    }
  }
  const std::pair<const char*, bool> restart_only[] = {
      {"bind", next.bind != cfg_.bind},
      {"rpc_addr", next.rpc_addr != cfg_.rpc_addr},
      {"node_name", !next.node_name.empty() && next.node_name != cfg_.node_name},
      {"profile", next.profile != cfg_.profile}};
  for (const auto& [what, changed] : restart_only)
    if (changed)
      log_.warn("agent", std::string("reload: a change of ") + what + " needs a restart");
}

serf::Outcome<serf::QueryKey> Agent::query(const std::string& name, const Bytes& payload,
                                           const serf::QueryParams& params,
                                           net::QueryCallbacks cb) {
  // Acks and responses arrive on the gossip loop; they reach the caller through the
  // dispatcher, as events do, so a slow client never stalls gossip.
  net::QueryCallbacks via;
  if (cb.ack)
    via.ack = [this, f = cb.ack](const std::string& from) {
      dispatcher_.post([f, from] { f(from); });
    };
  if (cb.response)
    via.response = [this, f = cb.response](const std::string& from, const Bytes& p) {
      dispatcher_.post([f, from, p] { f(from, p); });
    };
  if (cb.done) via.done = [this, f = cb.done] { dispatcher_.post(f); };
  auto key = cluster_->query(name, payload, params, std::move(via));
  if (key) ++queries_sent_;
  return key;
}

serf::Outcome<serf::KeyResponse> Agent::key_query(serf::KeyOp op, const std::string& key_b64) {
  return cluster_->key_query(op, key_b64);
}

serf::SerfStatus Agent::respond(std::uint64_t query_id, const Bytes& payload) {
  const auto st = cluster_->respond(query_id, payload);
  if (st) ++query_responses_;
  return st;
}

void Agent::answer_from_handler(std::uint64_t query_id, const std::string& output) {
  try {
    const auto st = respond(query_id, Bytes(output.begin(), output.end()));
    if (!st) log_.debug("agent", "query answer not sent: " + error_text(st.error()));
  } catch (const std::exception& e) {
    log_.warn("agent", std::string("query answer: ") + e.what());
  }
}

void Agent::on_serf_event(const net::SerfEvent& se) {
  if (const auto* m = std::get_if<serf::MemberEvent>(&se)) {
    Event ev;
    ev.type = event_type(m->type);
    for (const auto& mm : m->members) ev.members.push_back(member_info(mm));
    log_.info("agent", std::string("Received event: ") + to_string(ev.type));
    publish(std::move(ev));
  } else if (const auto* u = std::get_if<serf::UserEvent>(&se)) {
    note_for_snapshot([](Snapshotter& s) { s.clock_moved(); });
    Event ev;
    ev.type = EventType::user;
    ev.name = u->name;
    ev.ltime = u->ltime;
    ev.payload = u->payload;
    ev.coalesce = u->coalesce;
    trace_.mark("published", u->name);
    log_.info("agent", "Received event: user-event: " + u->name);
    publish(std::move(ev));
  } else if (const auto* q = std::get_if<net::ReceivedQuery>(&se)) {
    note_for_snapshot([](Snapshotter& s) { s.clock_moved(); });
    Event ev;
    ev.type = EventType::query;
    ev.name = q->name;
    ev.ltime = q->ltime;
    ev.payload = q->payload;
    ev.query_id = q->id;
    log_.info("agent", "Received event: query: " + q->name);
    publish(std::move(ev));
  } else if (const auto* c = std::get_if<serf::ConflictOutcome>(&se)) {
    if (c->won) {
      log_.warn("agent", "name conflict resolved in our favour");
      return;
    }
    log_.error("agent", "another node owns our name (lost the vote " + std::to_string(c->matching) +
                            "/" + std::to_string(c->responses) + "); shutting down");
    std::lock_guard lock(mu_);
    shutdown_requested_ = true;
    cv_.notify_all();
  }
}

SelfInfo Agent::self_info() {
  // Called on the dispatcher thread for every handler run: a copy of what set_tags last
  // stored, not a call into the gossip loop (a thread round trip per event).
  std::lock_guard lock(self_mu_);
  return self_;
}

HttpStats Agent::stats_snapshot() {
  HttpStats st;
  st.node = cfg_.node_name;
  st.cluster = cluster_->stats();
  st.probe_rtt = probe_rtt_seconds(st.cluster.core.probe_rtt);
  for (std::size_t i = 0; i < st.agent.events.size(); ++i)
    st.agent.events[i] = events_published_[i].load();
  st.agent.user_events_sent = user_events_sent_.load();
  st.agent.queries_sent = queries_sent_.load();
  st.agent.query_responses = query_responses_.load();
  st.agent.handlers_run = handlers_.completed();
  st.agent.handler_drops = handlers_.dropped();
  st.agent.dispatcher_drops = dispatcher_.dropped();
  st.agent.handler_queue = handlers_.queued();
  st.agent.dispatcher_queue = dispatcher_.queued();
  {
    std::lock_guard lock(streams_mu_);
    st.agent.event_streams = streams_.size() - http_watches_.size();
  }
  st.uptime_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_at_).count();
  return st;
}

std::optional<serf::Coordinate> Agent::coordinate(const std::string& node) {
  return cluster_->coordinate(node);
}

GossipView Agent::gossip_view() {
  return gossip_view_of(cfg_.node_name, cluster_->peer_traffic());
}

std::uint64_t Agent::watch_events(std::function<void(const Event&)> cb) {
  const std::uint64_t t = subscribe_events({EventFilter{"*", ""}}, std::move(cb));
  std::lock_guard lock(streams_mu_);
  http_watches_.insert(t);
  return t;
}

void Agent::publish(Event e) {
  ++events_published_[static_cast<std::size_t>(e.type)];
  dispatcher_.post([this, e = std::move(e)] {
    const bool traced = trace_.on() && e.type == EventType::user;
    if (traced) trace_.mark("dispatched", e.name);
    bool any_script = false;
    const std::vector<EventScript> scripts = this->scripts();
    for (const auto& s : scripts) any_script |= s.filter.matches(e);
    if (any_script) {
      const SelfInfo self = self_info();
      for (const auto& s : scripts) {
        if (!s.filter.matches(e)) continue;
        ProcessSpec spec{s.script, handler_env(e, self), handler_stdin(e), 8 * 1024,
                         cfg_.handler_timeout};
        ProcessStep step;
        if (traced) step = [this, name = e.name](const char* st) { trace_.mark(st, name); };
        // As Serf's invoke.go: a failure is an error, the output a debug line; a
        // query's output is its answer.
        const bool query = e.type == EventType::query;
        HandlerRunner::Done done = [this, query, id = e.query_id, type = to_string(e.type),
                                    script = s.script](const ProcessResult& r) {
          if (!r.ok())
            log_.error("agent", "Error invoking script '" + script + "': " +
                                    (r.timed_out  ? std::string("timed out")
                                     : !r.started ? std::string("not started")
                                                  : "exit status " + std::to_string(r.exit_code)));
          log_.debug("agent", std::string("Event '") + type + "' script output: " + r.output);
          if (query && !r.output.empty()) answer_from_handler(id, r.output);
        };
        if (!handlers_.submit(std::move(spec), std::move(done), std::move(step)))
          log_.warn("agent", "handler queue full: dropped '" + s.script + "'");
      }
    }
    std::vector<std::function<void(const Event&)>> targets;
    {
      std::lock_guard lock(streams_mu_);
      for (const auto& [token, sub] : streams_) {
        for (const auto& f : sub.first) {
          if (f.matches(e)) {
            targets.push_back(sub.second);
            break;
          }
        }
      }
    }
    for (auto& cb : targets) cb(e);
  });
}

std::uint64_t Agent::subscribe_events(std::vector<EventFilter> filters,
                                      std::function<void(const Event&)> cb) {
  std::lock_guard lock(streams_mu_);
  const std::uint64_t t = next_stream_++;
  streams_.emplace(t, std::make_pair(std::move(filters), std::move(cb)));
  return t;
}

void Agent::unsubscribe_events(std::uint64_t token) {
  std::lock_guard lock(streams_mu_);
  streams_.erase(token);
  http_watches_.erase(token);
}

std::uint64_t Agent::subscribe_logs(const std::string& level,
                                    std::function<void(const std::string&)> cb) {
  const auto l = parse_log_level(level.empty() ? "info" : level);
  if (!l) return 0;
  // Through the dispatcher: the log is written from the gossip loop too.
  return log_.subscribe(*l, [this, cb = std::move(cb)](const std::string& line) {
    dispatcher_.post([cb, line] { cb(line); });
  });
}

void Agent::unsubscribe_logs(std::uint64_t token) {
  log_.unsubscribe(token);
}

}  // namespace rumor::agent
