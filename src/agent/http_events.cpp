#include "agent/http_events.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <optional>
#include <vector>

#include "agent/http_server.hpp"

namespace rumor::agent {
namespace {

constexpr std::size_t kRingEvents = 1024;    // events kept for delivery and replay
constexpr std::size_t kRingBytes = 4 << 20;  // and their bytes at most

std::int64_t unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::optional<std::uint64_t> parse_id(const std::string& s) {
  std::uint64_t v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

EventFeed::EventFeed(Options opt, std::function<void(std::function<void()>)> post)
    : opt_(std::move(opt)), post_(std::move(post)) {}

void EventFeed::publish(const Event& e) {
  const auto now = unix_ms();
  std::lock_guard lock(mu_);
  const auto id = next_id_++;
  auto frame = std::make_shared<const std::string>("id: " + std::to_string(id) +
                                                   "\ndata: " + event_json(e, id, now) + "\n\n");
  ring_bytes_ += frame->size();
  ring_.emplace_back(id, std::move(frame));
  while (ring_.size() > std::max(kRingEvents, opt_.recent) ||
         (ring_.size() > 1 && ring_bytes_ > kRingBytes)) {
    ring_bytes_ -= ring_.front().second->size();
    ring_.pop_front();
  }
  ++cnt_.received;
  if (!wake_pending_) {
    wake_pending_ = true;
    post_([this] { deliver(); });
  }
}

void EventFeed::deliver() {
  std::vector<std::shared_ptr<const std::string>> frames;
  {
    std::lock_guard lock(mu_);
    wake_pending_ = false;
    std::uint64_t lost = 0;
    if (!ring_.empty() && ring_.front().first > delivered_ + 1)
      lost = ring_.front().first - delivered_ - 1;
    for (const auto& [id, f] : ring_)
      if (id > delivered_) frames.push_back(f);
    delivered_ = next_id_ - 1;
    if (!streams_.empty() && !frames.empty()) cnt_.lost += lost;
  }
  if (streams_.empty() || frames.empty()) return;
  const auto targets = streams_;  // a slow client leaves the set while we go
  for (const auto& s : targets) s->push(frames);
}

void EventFeed::open(const http::Request& req, http::Exchange& ex) {
  if (streams_.size() >= opt_.max_streams) {
    ex.respond(http::error_response(503, "too many event streams"), true);
    return;
  }
  // Reconnecting EventSources send the last id they saw: resume after it.
  std::optional<std::uint64_t> after;
  if (const auto* id = req.header("last-event-id")) after = parse_id(*id);
  if (!after)
    if (auto since = req.query_param("since")) after = parse_id(*since);

  auto holder = std::make_shared<std::weak_ptr<http::Stream>>();
  auto stream = ex.stream(opt_.stream, "retry: 3000\n\n", [this, holder] {
    if (auto s = holder->lock(); s && streams_.erase(s)) {
      std::lock_guard lock(mu_);
      --cnt_.streams;
    }
  });
  if (!stream) return;  // HEAD
  *holder = stream;
  streams_.insert(stream);
  std::vector<std::shared_ptr<const std::string>> replay;
  {
    std::lock_guard lock(mu_);
    ++cnt_.streams;
    for (const auto& [id, frame] : ring_) {
      if (id > delivered_) break;  // the next deliver() hands these out
      if (after ? id > *after : true) replay.push_back(frame);
    }
  }
  if (!after && replay.size() > opt_.recent)
    replay.erase(replay.begin(), replay.end() - static_cast<std::ptrdiff_t>(opt_.recent));
  if (!replay.empty()) stream->push(replay);
}

EventFeed::Counters EventFeed::counters() const {
  std::lock_guard lock(mu_);
  return cnt_;
}

}  // namespace rumor::agent
