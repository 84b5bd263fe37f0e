// The event feed behind the agent's /v1/events: agent events become server-sent-event
// frames in a bounded ring (by id), a new client gets the recent ones (or those after
// the id it resumes from), and new frames go out to every open stream.
//
// publish() runs on the agent's dispatcher thread; it posts delivery to the HTTP
// server's thread, where open() and the streams live.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>

#include "agent/event.hpp"
#include "http/server.hpp"

namespace rumor::agent {

class EventFeed {
 public:
  struct Options {
    std::size_t max_streams = 16;  // concurrent clients (more: 503)
    std::size_t recent = 100;      // replayed to a new client
    http::StreamOptions stream;
  };
  struct Counters {
    std::uint64_t streams = 0;   // open now
    std::uint64_t received = 0;  // from the agent
    std::uint64_t lost = 0;      // fell out of the ring before delivery
  };

  // `post` runs a function on the HTTP server's thread.
  EventFeed(Options opt, std::function<void(std::function<void()>)> post);

  void publish(const Event& e);  // any thread
  // Answers a /v1/events request (server thread): a stream, or 503 over the limit.
  void open(const http::Request& req, http::Exchange& ex);
  Counters counters() const;
  // Forgets the streams (after the server has stopped).
  void clear() { streams_.clear(); }

 private:
  void deliver();  // server thread

  Options opt_;
  std::function<void(std::function<void()>)> post_;

  // Frames by id, bounded in count and bytes. Under mu_.
  mutable std::mutex mu_;
  std::deque<std::pair<std::uint64_t, std::shared_ptr<const std::string>>> ring_;
  std::size_t ring_bytes_ = 0;
  std::uint64_t next_id_ = 1;
  bool wake_pending_ = false;
  std::uint64_t delivered_ = 0;  // last id handed to the streams
  Counters cnt_;

  std::set<std::shared_ptr<http::Stream>> streams_;  // server thread only
};

}  // namespace rumor::agent
