#include "agent/rpc_connection.hpp"

#include <regex>

#include "agent/rpc_writer.hpp"

namespace rumor::agent {

using codec::Error;
using codec::msgpack::Reader;

RpcConnection::RpcConnection(RpcBackend& backend, asio::ip::tcp::socket socket)
    : backend_(backend), socket_(std::move(socket)) {}

RpcConnection::~RpcConnection() {
  cleanup();
}

void RpcConnection::close() {
  if (closed_.exchange(true)) return;
  std::lock_guard lock(write_mu_);
  asio::error_code ec;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  socket_.close(ec);
}

void RpcConnection::cleanup() {
  for (const auto& [seq, token] : streams_) backend_.unsubscribe_events(token);
  streams_.clear();
  if (monitor_token_) backend_.unsubscribe_logs(monitor_token_);
  monitor_token_ = 0;
}

void RpcConnection::write(const Bytes& bytes) {
  std::lock_guard lock(write_mu_);
  if (closed_) return;
  asio::error_code ec;
  asio::write(socket_, asio::buffer(bytes), ec);
  if (ec) {
    closed_ = true;
    socket_.close(ec);
  }
}

void RpcConnection::send_header(std::uint64_t seq, const std::string& error) {
  Bytes out;
  RpcWriter w(out);
  rpc::encode(w, rpc::ResponseHeader{seq, error});
  write(out);
}

template <class Body>
void RpcConnection::send(std::uint64_t seq, const std::string& error, Body&& body) {
  // Header and body in one write, so records from other threads never interleave.
  Bytes out;
  RpcWriter w(out);
  rpc::encode(w, rpc::ResponseHeader{seq, error});
  body(w);
  write(out);
}

void RpcConnection::run() {
  Bytes buf;
  std::array<std::uint8_t, 16 * 1024> chunk{};
  constexpr std::size_t kMaxRequest = 20u << 20;  // a request larger than this is an attack
  while (!closed_ && !leaving_) {
    asio::error_code ec;
    const std::size_t got = socket_.read_some(asio::buffer(chunk), ec);
    if (ec) break;
    buf.insert(buf.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(got));
    for (;;) {
      std::size_t consumed = 0;
      const Parse p = handle_one(buf, consumed);
      if (p == Parse::bad) {
        close();
        break;
      }
      if (p == Parse::need_more) break;
      buf.erase(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(consumed));
      if (buf.empty() || closed_ || leaving_) break;
    }
    if (buf.size() > kMaxRequest) break;
  }
  cleanup();
  close();
  if (leaving_) backend_.shutdown_after_leave();
}

RpcConnection::Parse RpcConnection::handle_one(const Bytes& buf, std::size_t& consumed) {
  Reader r(buf);
  auto status = [&](const codec::Status& st) {
    return st ? Parse::ok : (st.error() == Error::truncated ? Parse::need_more : Parse::bad);
  };
  rpc::RequestHeader h;
  if (auto p = status(rpc::decode(r, h)); p != Parse::ok) return p;
  const std::string& cmd = h.command;
  const std::uint64_t seq = h.seq;

  // Decode the body first (it may not have fully arrived), then act.
  auto body = [&](auto& req) { return status(rpc::decode(r, req)); };
  auto done = [&] {
    consumed = r.offset();
    return Parse::ok;
  };

  if (cmd != "handshake" && version_ == 0) {
    // Serf answers and then drops the client.
    send_header(seq, rpc::kHandshakeRequired);
    return Parse::bad;
  }
  const std::string key = backend_.auth_key();
  if (!key.empty() && !did_auth_ && cmd != "auth" && cmd != "handshake") {
    // The body still has to be skipped; most commands have one.
    if (cmd != "members" && cmd != "leave" && cmd != "stats" && cmd != "list-keys") {
      if (auto p = status(r.skip()); p != Parse::ok) return p;
    }
    send_header(seq, rpc::kAuthRequired);
    return done();
  }

  if (cmd == "handshake") {
    rpc::HandshakeRequest req;
    if (auto p = body(req); p != Parse::ok) return p;
    std::string err;
    if (req.version < rpc::kMinVersion || req.version > rpc::kMaxVersion)
      err = rpc::kUnsupportedVersion;
    else if (version_ != 0)
      err = rpc::kDuplicateHandshake;
    else
      version_ = req.version;
    send_header(seq, err);
    return done();
  }
  if (cmd == "auth") {
    rpc::AuthRequest req;
    if (auto p = body(req); p != Parse::ok) return p;
    did_auth_ = req.auth_key == key;
    send_header(seq, did_auth_ ? "" : rpc::kInvalidAuthToken);
    return done();
  }
  if (cmd == "event") {
    rpc::EventRequest req;
    if (auto p = body(req); p != Parse::ok) return p;
    consumed = r.offset();
    send_header(seq, backend_.user_event(req.name, req.payload, req.coalesce));
    return Parse::ok;
  }
  if (cmd == "force-leave") {
    rpc::ForceLeaveRequest req;
    if (auto p = body(req); p != Parse::ok) return p;
    consumed = r.offset();
    // serf 0.8.2's client reads no body for force-leave; newer ones ignore its absence.
    send_header(seq, backend_.force_leave(req.node, req.prune));
    return Parse::ok;
  }
  if (cmd == "join") {
    rpc::JoinRequest req;
    if (auto p = body(req); p != Parse::ok) return p;
    consumed = r.offset();
    int joined = 0;
    const std::string err = backend_.join(req.existing, req.replay, joined);
    send(seq, err, [&](RpcWriter& w) { rpc::encode(w, rpc::JoinResponse{joined}); });
    return Parse::ok;
  }
  if (cmd == "members" || cmd == "members-filtered") {
    rpc::MembersFilteredRequest filter;
    if (cmd == "members-filtered") {
      if (auto p = body(filter); p != Parse::ok) return p;
    }
    consumed = r.offset();
    std::vector<rpc::RpcMember> all = backend_.members();
    rpc::MembersResponse out;
    std::string err;
    try {
      // Serf anchors each filter: ^expr$.
      const auto anchored = [](const std::string& e) { return std::regex("^(?:" + e + ")$"); };
      std::map<std::string, std::regex> tag_re;
      for (const auto& [tag, expr] : filter.tags) tag_re.emplace(tag, anchored(expr));
      const std::regex status_re = anchored(filter.status), name_re = anchored(filter.name);
      for (auto& m : all) {
        bool keep = true;
        for (const auto& [tag, re] : tag_re) {
          auto it = m.tags.find(tag);
          keep = keep && std::regex_match(it == m.tags.end() ? std::string() : it->second, re);
        }
        if (!filter.status.empty()) keep = keep && std::regex_match(m.status, status_re);
        if (!filter.name.empty()) keep = keep && std::regex_match(m.name, name_re);
        if (keep) out.members.push_back(std::move(m));
      }
    } catch (const std::regex_error& e) {
      err = std::string("Failed to compile regex: ") + e.what();
    }
    send(seq, err, [&](RpcWriter& w) { rpc::encode(w, out); });
    return Parse::ok;
  }
  if (cmd == "tags") {
    rpc::TagsRequest req;
    if (auto p = body(req); p != Parse::ok) return p;
    consumed = r.offset();
    send_header(seq, backend_.set_tags(req.tags, req.delete_tags));
    return Parse::ok;
  }
  if (cmd == "stats") {
    consumed = r.offset();
    const auto stats = backend_.stats();
    send(seq, "", [&](RpcWriter& w) { rpc::encode(w, stats); });
    return Parse::ok;
  }
  if (cmd == "leave") {
    consumed = r.offset();
    send_header(seq, backend_.leave());
    leaving_ = true;
    return Parse::ok;
  }
  if (cmd == "stream") {
    rpc::StreamRequest req;
    if (auto p = body(req); p != Parse::ok) return p;
    consumed = r.offset();
    auto filters = parse_event_filter(req.type);
    for (const auto& f : filters) {
      if (!f.valid()) {
        send_header(seq, rpc::kInvalidFilter);
        return Parse::ok;
      }
    }
    if (streams_.count(seq)) {
      send_header(seq, rpc::kStreamExists);
      return Parse::ok;
    }
    // Answer first, then subscribe: no event may precede the stream's own reply.
    send_header(seq, "");
    std::weak_ptr<RpcConnection> self = weak_from_this();
    streams_[seq] = backend_.subscribe_events(std::move(filters), [self, seq](const Event& e) {
      auto c = self.lock();
      if (!c) return;
      c->send(seq, "", [&](RpcWriter& w) {
        if (e.type == EventType::user) {
          rpc::encode(w, rpc::UserEventRecord{e.coalesce, "user", e.ltime, e.name, e.payload});
        } else if (e.type == EventType::query) {
          rpc::encode(w, rpc::QueryEventRecord{"query", e.query_id, e.ltime, e.name, e.payload});
        } else {
          rpc::MemberEventRecord rec{to_string(e.type), {}};
          for (const auto& m : e.members) rec.members.push_back(rpc::rpc_member(m));
          rpc::encode(w, rec);
        }
      });
    });
    return Parse::ok;
  }
  if (cmd == "monitor") {
    rpc::MonitorRequest req;
    if (auto p = body(req); p != Parse::ok) return p;
    consumed = r.offset();
    if (monitor_token_) {
      send_header(seq, rpc::kMonitorExists);
      return Parse::ok;
    }
    send_header(seq, "");
    std::weak_ptr<RpcConnection> self = weak_from_this();
    monitor_token_ = backend_.subscribe_logs(req.log_level, [self, seq](const std::string& line) {
      if (auto c = self.lock())
        c->send(seq, "", [&](RpcWriter& w) { rpc::encode(w, rpc::LogRecord{line}); });
    });
    monitor_seq_ = seq;
    return Parse::ok;
  }
  if (cmd == "stop") {
    rpc::StopRequest req;
    if (auto p = body(req); p != Parse::ok) return p;
    consumed = r.offset();
    if (monitor_token_ && monitor_seq_ == req.stop) {
      backend_.unsubscribe_logs(monitor_token_);
      monitor_token_ = 0;
    }
    if (auto it = streams_.find(req.stop); it != streams_.end()) {
      backend_.unsubscribe_events(it->second);
      streams_.erase(it);
    }
    send_header(seq, "");
    return Parse::ok;
  }
  if (cmd == "query") {
    rpc::QueryRequest req;
    if (auto p = body(req); p != Parse::ok) return p;
    consumed = r.offset();
    std::weak_ptr<RpcConnection> self = weak_from_this();
    auto record = [self, seq](const char* type, const std::string& from, const Bytes& payload) {
      if (auto c = self.lock())
        c->send(seq, "", [&](RpcWriter& w) {
          rpc::encode(w, rpc::QueryRecord{from, payload, type});
        });
    };
    // Reply first, then start the query: no record may precede the reply.
    send_header(seq, "");
    RpcBackend::QueryCallbacks cb;
    cb.ack = [record](const std::string& from) { record("ack", from, {}); };
    cb.response = [record](const std::string& from, const Bytes& p) {
      record("response", from, p);
    };
    cb.done = [record] { record("done", "", {}); };
    const std::string err = backend_.query(req, std::move(cb));
    if (!err.empty()) record("done", "", {});
    return Parse::ok;
  }
  if (cmd == "respond") {
    rpc::RespondRequest req;
    if (auto p = body(req); p != Parse::ok) return p;
    consumed = r.offset();
    send_header(seq, backend_.respond(req.id, req.payload));
    return Parse::ok;
  }
  if (cmd == "get-coordinate") {
    rpc::CoordinateRequest req;
    if (auto p = body(req); p != Parse::ok) return p;
    consumed = r.offset();
    const std::optional<serf::Coordinate> coord = backend_.coordinate(req.node);
    const rpc::CoordinateResponse reply{coord.value_or(serf::Coordinate{}), coord.has_value()};
    send(seq, "", [&](RpcWriter& w) { rpc::encode(w, reply); });
    return Parse::ok;
  }
  if (cmd == "install-key" || cmd == "use-key" || cmd == "remove-key" || cmd == "list-keys") {
    rpc::KeyRequest req;
    if (cmd != "list-keys") {
      if (auto p = body(req); p != Parse::ok) return p;
    }
    consumed = r.offset();
    // A cluster-wide query, blocking this connection's thread as join does.
    rpc::KeyResponse out;
    const std::string err = backend_.keys(cmd, req.key, out);
    send(seq, err, [&](RpcWriter& w) { rpc::encode(w, out); });
    return Parse::ok;
  }
  send_header(seq, rpc::kUnsupportedCommand);
  return Parse::bad;  // the body's shape is unknown: we cannot resynchronise
}

}  // namespace rumor::agent
