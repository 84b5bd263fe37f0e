// What the HTTP server's tests share: a fake HttpBackend the test fills and pushes
// events through, and a blocking HTTP client on plain sockets with a receive timeout.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstring>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "agent/http_backend.hpp"

namespace rumor::testing {

class FakeHttpBackend : public agent::HttpBackend {
 public:
  FakeHttpBackend() {
    members = {
        {"alpha", "127.0.0.1", 7946, {{"role", "web"}}, "alive"},
        {"bravo", "127.0.0.2", 7946, {}, "failed"},
        {"charlie", "127.0.0.3", 7947, {{"dc", "east"}}, "left"},
        {"delta", "127.0.0.4", 7946, {}, "leaving"},
    };
    stats.node = "alpha";
    stats.cluster.members = 4;
    stats.cluster.failed = 1;
    stats.cluster.left = 1;
    stats.cluster.health_score = 2;
    stats.cluster.core.msgs_in[0] = 5;  // ping
    stats.cluster.core.msgs_out[0] = 7;
    stats.cluster.core.bytes_in[0] = 500;
    stats.cluster.core.bytes_out[2] = 90;  // ack
    stats.cluster.core.dropped[2] = 3;     // bad_crc
    stats.cluster.core.suspicions = 4;
    stats.cluster.core.refutations = 1;
    stats.agent.events[0] = 6;  // member-join
    view.edges = {{"alpha", "bravo", 10, 1000, 0.5}, {"charlie", "alpha", 3, 300, 2}};
  }

  std::vector<agent::MemberInfo> member_list() override {
    std::lock_guard lock(mu);
    if (fail) throw std::runtime_error("the gossip loop is not answering");
    return members;
  }
  agent::HttpStats stats_snapshot() override {
    std::lock_guard lock(mu);
    if (fail) throw std::runtime_error("the gossip loop is not answering");
    return stats;
  }
  agent::GossipView gossip_view() override {
    std::lock_guard lock(mu);
    return view;
  }
  std::uint64_t watch_events(std::function<void(const agent::Event&)> cb) override {
    std::lock_guard lock(mu);
    subs[next] = std::move(cb);
    return next++;
  }
  void unwatch_events(std::uint64_t token) override {
    std::lock_guard lock(mu);
    subs.erase(token);
  }

  // As the agent's dispatcher thread would.
  void push(const agent::Event& e) {
    std::vector<std::function<void(const agent::Event&)>> cbs;
    {
      std::lock_guard lock(mu);
      for (auto& [_, cb] : subs) cbs.push_back(cb);
    }
    for (auto& cb : cbs) cb(e);
  }
  std::size_t watchers() {
    std::lock_guard lock(mu);
    return subs.size();
  }

  std::mutex mu;
  std::vector<agent::MemberInfo> members;
  agent::HttpStats stats;
  agent::GossipView view;
  bool fail = false;
  std::map<std::uint64_t, std::function<void(const agent::Event&)>> subs;
  std::uint64_t next = 1;
};

inline agent::Event user_event(std::string name, std::string payload) {
  agent::Event e;
  e.type = agent::EventType::user;
  e.name = std::move(name);
  e.payload.assign(payload.begin(), payload.end());
  e.ltime = 42;
  return e;
}

// One TCP connection to 127.0.0.1:port; reads time out after `timeout`.
class RawClient {
 public:
  explicit RawClient(std::uint16_t port,
                     std::chrono::milliseconds timeout = std::chrono::milliseconds(5000),
                     int rcvbuf = 0) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket");
    if (rcvbuf > 0) ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0)
      throw std::runtime_error(std::string("connect: ") + std::strerror(errno));
  }
  ~RawClient() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  void send(const std::string& s) {
    std::size_t off = 0;
    while (off < s.size()) {
      const auto n = ::send(fd_, s.data() + off, s.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return;  // the server may have closed: what it answered is still readable
      off += static_cast<std::size_t>(n);
    }
  }
  // Some bytes; empty at EOF, on error or timeout.
  std::string read_some() {
    char buf[16384];
    const auto n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return {};
    return std::string(buf, static_cast<std::size_t>(n));
  }
  // Everything until the server closes (or the timeout).
  std::string read_all() {
    std::string out;
    for (;;) {
      auto s = read_some();
      if (s.empty()) return out;
      out += s;
    }
  }
  // Reads until `needle` has arrived (true) or EOF/timeout (false); all read is in `got`.
  bool read_until(const std::string& needle, std::string& got) {
    while (got.find(needle) == std::string::npos) {
      auto s = read_some();
      if (s.empty()) return false;
      got += s;
    }
    return true;
  }

 private:
  int fd_ = -1;
};

struct Response {
  int code = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

// Parses one response (Content-Length framed) from the front of `raw`, removing it.
inline Response take_response(std::string& raw) {
  Response r;
  const auto end = raw.find("\r\n\r\n");
  if (end == std::string::npos || raw.size() < 12) throw std::runtime_error("no response: " + raw);
  r.code = std::stoi(raw.substr(9, 3));
  std::size_t pos = raw.find("\r\n") + 2;
  while (pos < end) {
    const auto eol = raw.find("\r\n", pos);
    const auto line = raw.substr(pos, eol - pos);
    const auto colon = line.find(':');
    std::string name = line.substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    r.headers[name] = value;
    pos = eol + 2;
  }
  std::size_t len = 0;
  if (auto it = r.headers.find("content-length"); it != r.headers.end())
    len = std::stoul(it->second);
  r.body = raw.substr(end + 4, len);
  raw.erase(0, std::min(raw.size(), end + 4 + len));
  return r;
}

// One request with "Connection: close"; the whole response.
inline Response http_get(std::uint16_t port, const std::string& target,
                         const std::string& extra_headers = "", const std::string& method = "GET") {
  RawClient c(port);
  c.send(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
         extra_headers + "\r\n");
  auto raw = c.read_all();
  return take_response(raw);
}

}  // namespace rumor::testing
