#include "agent/rpc_client.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include "agent/rpc_writer.hpp"

namespace rumor::agent {

namespace {

using Kind = RpcError::Kind;
using codec::msgpack::Reader;
using namespace std::chrono_literals;

// A single response larger than this is refused (the agent's own limit on requests).
constexpr std::size_t kMaxValue = 20u << 20;

std::string errno_text(int err) {
  return std::strerror(err);
}

// Milliseconds left until `deadline` for poll(): at least 1 while any time is left.
int poll_ms(std::chrono::steady_clock::time_point deadline) {
  const auto left = deadline - std::chrono::steady_clock::now();
  if (left <= 0s) return 0;
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
  return static_cast<int>(std::min<long long>(ms, 60'000));
}

// "host:port" or "[v6]:port".
void split_host_port(const std::string& addr, std::string& host, std::string& port) {
  std::string::size_type colon;
  if (!addr.empty() && addr[0] == '[') {
    const auto close = addr.find(']');
    if (close == std::string::npos || close + 1 >= addr.size() || addr[close + 1] != ':')
      throw RpcError(Kind::connect, "bad RPC address '" + addr + "': expected [host]:port");
    host = addr.substr(1, close - 1);
    colon = close + 1;
  } else {
    colon = addr.rfind(':');
    if (colon == std::string::npos)
      throw RpcError(Kind::connect, "bad RPC address '" + addr + "': missing port");
    host = addr.substr(0, colon);
  }
  port = addr.substr(colon + 1);
  if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos)
    throw RpcError(Kind::connect, "bad RPC address '" + addr + "': bad port");
  if (host.empty()) host = "127.0.0.1";
}

bool header_only_error(const std::string& error) {
  return error == rpc::kAuthRequired || error == rpc::kHandshakeRequired ||
         error == rpc::kUnsupportedCommand;
}

}  // namespace

RpcClient::RpcClient(const RpcClientOptions& options) : options_(options) {
  connect();
  try {
    simple("handshake",
           [](RpcWriter& w) { rpc::encode(w, rpc::HandshakeRequest{rpc::kMaxVersion}); });
    if (!options_.auth_key.empty())
      simple("auth", [&](RpcWriter& w) { rpc::encode(w, rpc::AuthRequest{options_.auth_key}); });
  } catch (...) {
    close_socket();
    throw;
  }
}

RpcClient::~RpcClient() {
  close_socket();
}

void RpcClient::close_socket() noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void RpcClient::connect() {
  std::string host, port;
  split_host_port(options_.addr, host, port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (const int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found); rc != 0)
    throw RpcError(Kind::connect, "cannot resolve '" + host + "': " + ::gai_strerror(rc));
  const auto deadline = Clock::now() + options_.timeout;
  int last_error = 0;
  for (addrinfo* ai = found; ai != nullptr && fd_ < 0; ai = ai->ai_next) {
    const int fd =
        ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
      last_error = errno;
      continue;
    }
    int err = 0;
    if (::connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
      err = errno;
      if (err == EINPROGRESS) {
        pollfd p{fd, POLLOUT, 0};
        const int n = ::poll(&p, 1, poll_ms(deadline));
        socklen_t len = sizeof(err);
        if (n == 0)
          err = ETIMEDOUT;
        else if (n < 0)
          err = errno;
        else if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
          err = errno;
      }
    }
    if (err != 0) {
      last_error = err;
      ::close(fd);
      continue;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    fd_ = fd;
  }
  ::freeaddrinfo(found);
  if (fd_ < 0)
    throw RpcError(Kind::connect,
                   "cannot connect to " + options_.addr + ": " + errno_text(last_error));
}

std::uint64_t RpcClient::send(const std::string& command, const BodyWriter& body) {
  if (fd_ < 0) throw RpcError(Kind::io, "the connection to the agent is closed");
  const std::uint64_t seq = ++seq_;
  Bytes out;
  RpcWriter w(out);
  rpc::encode(w, rpc::RequestHeader{command, seq});
  if (body) body(w);
  const auto deadline = Clock::now() + options_.timeout;
  std::size_t sent = 0;
  while (sent < out.size()) {
    const ssize_t n = ::send(fd_, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd p{fd_, POLLOUT, 0};
      if (::poll(&p, 1, poll_ms(deadline)) == 0)
        throw RpcError(Kind::io, "timed out sending '" + command + "' to the agent");
      continue;
    }
    const int err = errno;
    close_socket();
    throw RpcError(Kind::io, "sending '" + command + "' to the agent: " + errno_text(err));
  }
  return seq;
}

std::optional<ByteView> RpcClient::next_value(Clock::time_point deadline, const std::string& what) {
  in_.erase(in_.begin(), in_.begin() + static_cast<std::ptrdiff_t>(used_));
  used_ = 0;
  std::array<std::uint8_t, 64 * 1024> chunk{};
  for (;;) {
    if (!in_.empty()) {
      Reader r(in_);
      const codec::Status st = r.skip();
      if (st) {
        used_ = r.offset();
        return ByteView(in_.data(), used_);
      }
      if (st.error() != codec::Error::truncated) {
        close_socket();  // no way to find the next value's start
        throw RpcError(Kind::protocol, "malformed data from the agent in " + what + " (" +
                                           codec::to_string(st.error()) + ")");
      }
      if (in_.size() > kMaxValue) {
        close_socket();
        throw RpcError(Kind::protocol, "a value larger than 20 MiB in " + what);
      }
    }
    if (fd_ < 0) throw RpcError(Kind::io, "the connection to the agent is closed");
    pollfd p{fd_, POLLIN, 0};
    const int ready = ::poll(&p, 1, poll_ms(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) {
      if (Clock::now() >= deadline) return std::nullopt;
      continue;
    }
    const ssize_t n = ::recv(fd_, chunk.data(), chunk.size(), 0);
    if (n > 0) {
      in_.insert(in_.end(), chunk.begin(), chunk.begin() + n);
      continue;
    }
    if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
    const int err = n == 0 ? 0 : errno;
    close_socket();
    if (err == 0)
      throw RpcError(Kind::io, "the agent closed the connection while we waited for " + what);
    throw RpcError(Kind::io, "reading " + what + " from the agent: " + errno_text(err));
  }
}

rpc::ResponseHeader RpcClient::await_header(std::uint64_t seq, Clock::time_point deadline,
                                            const std::string& what) {
  for (;;) {
    const auto v = next_value(deadline, what);
    if (!v) throw RpcError(Kind::io, "timed out waiting for " + what);
    Reader r(*v);
    rpc::ResponseHeader h;
    if (const auto st = rpc::decode(r, h); !st)
      throw RpcError(Kind::protocol, "malformed response header from the agent (" +
                                         std::string(codec::to_string(st.error())) + ")");
    // Seq 0 is no header but a body that is not ours: an error answer's, a stopped
    // stream's record, or the force-leave answer newer agents send. Another Seq is an
    // earlier request's stream.
    if (h.seq == seq) return h;
  }
}

namespace {
// Decodes one body with `decode`, throwing a protocol error that names `what`.
template <class Decode>
void decode_body(ByteView value, const std::string& what, Decode&& decode) {
  Reader r(value);
  if (const auto st = decode(r); !st)
    throw RpcError(Kind::protocol, "malformed data from the agent in " + what + " (" +
                                       std::string(codec::to_string(st.error())) + ")");
}
}  // namespace

void RpcClient::call(const std::string& command, const BodyWriter& body, const BodyReader& read,
                     std::chrono::milliseconds extra, std::string* agent_error) {
  const std::uint64_t seq = send(command, body);
  const auto deadline = Clock::now() + options_.timeout + extra;
  const std::string what = "the answer to '" + command + "'";
  const rpc::ResponseHeader h = await_header(seq, deadline, what);
  if (read && !h.error.empty() && !header_only_error(h.error)) {
    // Serf sends the body with an error too, in the same write; one that does not
    // arrive with the header is not waited for (a later stray body is skipped).
    // The error is what matters: a body that does not decode, or a connection that
    // ends instead, does not hide it.
    try {
      const auto grace = std::min(deadline, Clock::now() + 200ms);
      if (const auto v = next_value(grace, what)) {
        Reader r(*v);
        (void)read(r);
      }
    } catch (const RpcError&) {
    }
  } else if (read && h.error.empty()) {
    const auto v = next_value(deadline, what);
    if (!v) throw RpcError(Kind::io, "timed out waiting for " + what);
    decode_body(*v, what, read);
  }
  if (h.error.empty()) return;
  if (agent_error) {
    *agent_error = h.error;
    return;
  }
  throw RpcError(Kind::agent, h.error);
}

void RpcClient::simple(const std::string& command, const BodyWriter& body,
                       std::chrono::milliseconds extra) {
  call(command, body, nullptr, extra);
}

// ---- commands ---------------------------------------------------------------------------

std::vector<rpc::RpcMember> RpcClient::members() {
  rpc::MembersResponse out;
  call("members", nullptr, [&](Reader& r) { return rpc::decode(r, out); });
  return std::move(out.members);
}

std::vector<rpc::RpcMember> RpcClient::members(const MemberFilter& filter) {
  rpc::MembersResponse out;
  const rpc::MembersFilteredRequest req{filter.tags, filter.status, filter.name};
  call(
      "members-filtered", [&](RpcWriter& w) { rpc::encode(w, req); },
      [&](Reader& r) { return rpc::decode(r, out); });
  return std::move(out.members);
}

int RpcClient::join(const std::vector<std::string>& addrs, bool replay) {
  rpc::JoinResponse resp;
  const rpc::JoinRequest req{addrs, replay};
  // The agent tries each address in turn, each with memberlist's 10 s TCP timeout.
  const auto extra = std::chrono::milliseconds(10'000) * static_cast<long>(addrs.size());
  call(
      "join", [&](RpcWriter& w) { rpc::encode(w, req); },
      [&](Reader& r) { return rpc::decode(r, resp); }, extra);
  return resp.num;
}

void RpcClient::leave() {
  // A graceful leave waits for the leave to propagate before the agent answers.
  simple("leave", nullptr, 30s);
}

void RpcClient::force_leave(const std::string& node, bool prune) {
  const rpc::ForceLeaveRequest req{node, prune};
  simple("force-leave", [&](RpcWriter& w) { rpc::encode(w, req); });
}

void RpcClient::user_event(const std::string& name, ByteView payload, bool coalesce) {
  const rpc::EventRequest req{name, Bytes(payload.begin(), payload.end()), coalesce};
  simple("event", [&](RpcWriter& w) { rpc::encode(w, req); });
}

void RpcClient::update_tags(const std::map<std::string, std::string>& set,
                            const std::vector<std::string>& remove) {
  const rpc::TagsRequest req{set, remove};
  simple("tags", [&](RpcWriter& w) { rpc::encode(w, req); });
}

rpc::StatsResponse RpcClient::stats() {
  rpc::StatsResponse out;
  call("stats", nullptr, [&](Reader& r) { return rpc::decode(r, out); });
  return out;
}

KeyringReply RpcClient::keyring(const std::string& command, const std::string* key) {
  KeyringReply out;
  BodyWriter body;
  if (key) body = [&](RpcWriter& w) { rpc::encode(w, rpc::KeyRequest{*key}); };
  // The agent asks every member with an internal query before it answers.
  call(
      command, body, [&](Reader& r) { return rpc::decode(r, out.reply); }, 30s, &out.error);
  return out;
}

KeyringReply RpcClient::install_key(const std::string& key) {
  return keyring("install-key", &key);
}
KeyringReply RpcClient::use_key(const std::string& key) {
  return keyring("use-key", &key);
}
KeyringReply RpcClient::remove_key(const std::string& key) {
  return keyring("remove-key", &key);
}
KeyringReply RpcClient::list_keys() {
  return keyring("list-keys", nullptr);
}

std::optional<serf::Coordinate> RpcClient::get_coordinate(const std::string& node) {
  rpc::CoordinateResponse resp;
  const rpc::CoordinateRequest req{node};
  call(
      "get-coordinate", [&](RpcWriter& w) { rpc::encode(w, req); },
      [&](Reader& r) { return rpc::decode(r, resp); });
  if (!resp.ok) return std::nullopt;
  return resp.coord;
}

void RpcClient::query(const rpc::QueryRequest& request, const QueryHandlers& handlers) {
  const std::uint64_t seq = send("query", [&](RpcWriter& w) { rpc::encode(w, request); });
  const rpc::ResponseHeader h =
      await_header(seq, Clock::now() + options_.timeout, "the answer to 'query'");
  if (!h.error.empty()) throw RpcError(Kind::agent, h.error);
  if (handlers.on_accepted) handlers.on_accepted();
  const auto query_time = request.timeout_ns > 0
                              ? std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::nanoseconds(request.timeout_ns))
                              : std::chrono::milliseconds(120'000);
  const auto deadline = Clock::now() + query_time + options_.timeout;
  const std::string what = "the query results";
  for (;;) {
    (void)await_header(seq, deadline, what);
    rpc::QueryRecord rec;
    const auto v = next_value(deadline, what);
    if (!v) throw RpcError(Kind::io, "timed out waiting for " + what);
    decode_body(*v, what, [&](Reader& r) { return rpc::decode(r, rec); });
    if (rec.type == "ack") {
      if (handlers.on_ack) handlers.on_ack(rec.from);
    } else if (rec.type == "response") {
      if (handlers.on_response) handlers.on_response(rec.from, rec.payload);
    } else if (rec.type == "done") {
      return;
    }  // an unknown record type is skipped, as Serf's client does
  }
}

QueryResult RpcClient::query(const rpc::QueryRequest& request) {
  QueryResult out;
  QueryHandlers h;
  h.on_ack = [&](const std::string& from) { out.acks.push_back(from); };
  h.on_response = [&](const std::string& from, const Bytes& payload) {
    out.responses.emplace_back(from, payload);
  };
  query(request, h);
  return out;
}

void RpcClient::monitor(const std::string& level,
                        const std::function<bool(const std::string&)>& on_line,
                        std::chrono::milliseconds duration,
                        const std::function<bool()>& keep_going) {
  const std::uint64_t seq =
      send("monitor", [&](RpcWriter& w) { rpc::encode(w, rpc::MonitorRequest{level}); });
  const rpc::ResponseHeader h =
      await_header(seq, Clock::now() + options_.timeout, "the answer to 'monitor'");
  if (!h.error.empty()) throw RpcError(Kind::agent, h.error);
  const auto end = Clock::now() + duration;
  const std::string what = "the log stream";
  for (;;) {
    if (keep_going && !keep_going()) break;
    const auto now = Clock::now();
    if (now >= end) break;
    const auto v = next_value(std::min(end, now + 100ms), what);
    if (!v) continue;
    Reader r(*v);
    rpc::ResponseHeader rec_header;
    if (const auto st = rpc::decode(r, rec_header); !st)
      throw RpcError(Kind::protocol, "malformed record header in " + what);
    if (rec_header.seq != seq) continue;  // a body not ours, or another stream's record
    const auto body = next_value(Clock::now() + options_.timeout, what);
    if (!body) throw RpcError(Kind::io, "timed out waiting for " + what);
    rpc::LogRecord rec;
    decode_body(*body, what, [&](Reader& br) { return rpc::decode(br, rec); });
    if (on_line && !on_line(rec.log)) break;
  }
  // Best effort: the agent also ends the stream when the connection closes.
  try {
    simple("stop", [&](RpcWriter& w) { rpc::encode(w, rpc::StopRequest{seq}); });
  } catch (const RpcError&) {
  }
}

}  // namespace rumor::agent
