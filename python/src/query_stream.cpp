#include "query_stream.hpp"

#include "net/call_error.hpp"

namespace rumor::python {

net::QueryCallbacks QueryStream::callbacks() {
  net::QueryCallbacks cb;
  // Weak: a stream Python dropped before the deadline is simply not fed.
  std::weak_ptr<QueryStream> self = shared_from_this();
  cb.ack = [self](const std::string& from) {
    if (auto s = self.lock()) {
      std::lock_guard lock(s->mu_);
      s->acks_.push_back(from);
    }
  };
  cb.response = [self](const std::string& from, const Bytes& payload) {
    if (auto s = self.lock()) {
      {
        std::lock_guard lock(s->mu_);
        s->responses_.emplace_back(from, payload);
      }
      s->cv_.notify_all();
    }
  };
  cb.done = [self] {
    if (auto s = self.lock()) {
      {
        std::lock_guard lock(s->mu_);
        s->done_ = true;
      }
      s->cv_.notify_all();
    }
  };
  return cb;
}

std::optional<std::pair<std::string, Bytes>> QueryStream::next() {
  std::optional<std::pair<std::string, Bytes>> out;
  const bool ended = wait_then(
      mu_, cv_, [&] { return !responses_.empty() || done_; },
      [&] {
        if (responses_.empty()) return;
        out = std::move(responses_.front());
        responses_.pop_front();
      },
      deadline_);
  if (!ended) throw net::CallError("rumor: the query did not finish in time");
  return out;
}

std::vector<std::string> QueryStream::acks() const {
  std::lock_guard lock(mu_);
  return acks_;
}

bool QueryStream::done() const {
  std::lock_guard lock(mu_);
  return done_;
}

}  // namespace rumor::python
