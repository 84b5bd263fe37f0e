// The web simulator's sessions: server-side state per session id, bounded in number and
// size, forgotten after a while without use. Ids are random (64 bits), so one page
// cannot guess another's session.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <variant>

#include "websim/lab_session.hpp"
#include "websim/protocol_session.hpp"

namespace rumor::websim {

struct Limits {
  std::size_t max_sessions = 32;
  std::uint32_t max_lab_nodes = 2000;
  std::uint32_t max_protocol_nodes = 200;
  std::chrono::seconds idle{15 * 60};  // a session unused this long is forgotten
};

using Clock = std::chrono::steady_clock;
using Session = std::variant<LabSession, ProtocolSession>;

class Sessions {
 public:
  // `now` is injectable, for tests of expiry.
  explicit Sessions(Limits limits, std::function<Clock::time_point()> now = Clock::now);

  const Limits& limits() const { return limits_; }
  // Creates a session of the query's `engine` ("lab" or "protocol"; `kind` is read as
  // its old name); forgets idle ones first. Throws ParamError (field "engine", or the
  // session's own fields) and
  // SessionsFull.
  std::string create(const Query& q);
  // Runs fn on the session (under the store's lock), marking it used; false if unknown.
  bool with(const std::string& id, const std::function<void(Session&)>& fn);
  // The session starts again from its parameters (same seed: the same run); false if
  // unknown.
  bool reset(const std::string& id);
  bool erase(const std::string& id);
  std::size_t size() const;

 private:
  void expire(Clock::time_point now);
  std::unique_ptr<Session> build(const Query& q) const;

  struct Entry {
    std::unique_ptr<Session> session;
    Query query;  // what it was created with
    Clock::time_point used;
  };
  Limits limits_;
  std::function<Clock::time_point()> now_;
  mutable std::mutex mu_;
  std::map<std::string, Entry> sessions_;
  std::mt19937_64 ids_;
};

// Thrown by Sessions::create when max_sessions are in use.
class SessionsFull : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace rumor::websim
