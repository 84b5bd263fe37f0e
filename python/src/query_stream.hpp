// One of our queries as Python iterates it: the loop thread adds acks and responses as
// they arrive (QueryCallbacks, never touching Python), and Python takes the responses
// one by one, waiting with the GIL released, until the query's deadline has passed.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "codec/bytes.hpp"
#include "net/serf_cluster.hpp"
#include "waiting.hpp"

namespace rumor::python {

class QueryStream : public std::enable_shared_from_this<QueryStream> {
 public:
  // `limit`: how long to wait for the query's end at most (its timeout plus slack).
  explicit QueryStream(Clock::duration limit) : deadline_(Clock::now() + limit) {}

  // Callbacks feeding this stream, for SerfCluster::query.
  net::QueryCallbacks callbacks();

  // The next response; nullopt once the query is done and every response was taken.
  // Throws net::CallError if the query has not ended by the deadline.
  std::optional<std::pair<std::string, Bytes>> next();
  std::vector<std::string> acks() const;
  bool done() const;

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::pair<std::string, Bytes>> responses_;
  std::vector<std::string> acks_;
  bool done_ = false;
  Clock::time_point deadline_;
};

}  // namespace rumor::python
