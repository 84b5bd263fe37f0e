#include "websim/protocol_session.hpp"

#include <array>

#include "codec/messages.hpp"
#include "sim/cluster.hpp"
#include "websim/protocol_model.hpp"

namespace rumor::websim {
namespace {

sim::EngineOptions engine_options(const Query& q) {
  sim::EngineOptions o;
  o.seed = static_cast<std::uint64_t>(integer(q, "seed", 1, 0, INT64_MAX));
  o.net.latency = sim::LatencyModel::for_profile(core::Profile::lan);
  o.net.loss = real(q, "loss", 0, 0, 0.9);
  return o;
}

std::uint32_t read_nodes(const Query& q, std::uint32_t max_nodes) {
  return static_cast<std::uint32_t>(integer(q, "nodes", 32, 2, max_nodes));
}

}  // namespace

ProtocolSession::ProtocolSession(const Query& q, std::uint32_t max_nodes)
    : nodes_(read_nodes(q, max_nodes)),
      step_(std::chrono::milliseconds(integer(q, "step_ms", 200, 10, 10'000))),
      engine_(engine_options(q)),
      cfg_(core::Config::for_profile(core::Profile::lan)),
      loss_(real(q, "loss", 0, 0, 0.9)) {
  const auto& cfg = cfg_;
  sim::bootstrap(engine_, cfg, nodes_, std::chrono::seconds(1),
                 engine_.now() + std::chrono::seconds(60));
  sim::settle(engine_, engine_.now() + std::chrono::seconds(60));
  start_ = engine_.now();
}

void ProtocolSession::check(std::uint32_t node) const {
  if (node >= nodes_) throw ParamError("node", "no such node");
  if (crashed(node)) throw ParamError("node", "node " + std::to_string(node) + " has crashed");
}

void ProtocolSession::broadcast(std::uint32_t node) {
  check(node);
  broadcast_ = engine_.broadcast(node);
  event_ = Event::broadcast;
  event_node_ = node;
  event_step_ = steps_;
  event_at_ = engine_.now();
}

void ProtocolSession::crash(std::uint32_t node) {
  check(node);
  engine_.crash(node);
  event_ = Event::crash;
  event_node_ = node;
  event_step_ = steps_;
  event_at_ = engine_.now();
}

std::uint32_t ProtocolSession::believing(char belief) const {
  if (event_ != Event::crash) return 0;
  std::uint32_t n = 0;
  for (std::uint32_t o = 0; o < nodes_; ++o)
    if (o != event_node_ && !crashed(o) && believes(o, event_node_) == belief) ++n;
  return n;
}

void ProtocolSession::step(int steps) {
  sends_.clear();
  engine_.record_sends(&sends_);
  for (int i = 0; i < steps; ++i) {
    sends_.clear();
    engine_.run_until(engine_.now() + step_);
    ++steps_;
  }
  engine_.record_sends(nullptr);
}

char ProtocolSession::believes(std::uint32_t observer, std::uint32_t subject) const {
  const auto state = engine_.node(observer).member_state(sim::node_name(subject));
  if (!state) return 'u';
  switch (*state) {
    case core::MemberState::alive:
      return 'a';
    case core::MemberState::suspect:
      return 's';
    case core::MemberState::dead:
      return 'd';
    case core::MemberState::left:
      return 'l';
  }
  return 'u';
}

char ProtocolSession::majority(std::uint32_t subject) const {
  // Counted in order of severity, so that a tie goes to the worse state.
  constexpr std::array<char, 5> order{'d', 'l', 's', 'a', 'u'};
  std::array<std::uint32_t, 5> count{};
  for (std::uint32_t o = 0; o < nodes_; ++o) {
    if (o == subject || crashed(o)) continue;
    const char b = believes(o, subject);
    for (std::size_t i = 0; i < order.size(); ++i)
      if (order[i] == b) ++count[i];
  }
  std::size_t best = order.size() - 1;
  std::uint32_t most = 0;
  for (std::size_t i = 0; i < order.size(); ++i)
    if (count[i] > most) most = count[i], best = i;
  return order[best];
}

bool ProtocolSession::has_broadcast(std::uint32_t x) const {
  if (!broadcast_) return false;
  const auto* e = engine_.broadcasts().find(*broadcast_);
  return e && (e->origin == x || e->first_seen[x] != core::kNever);
}

nlohmann::json ProtocolSession::state(std::optional<std::uint32_t> observer) const {
  using json = nlohmann::json;
  std::string seen(nodes_, 'u'), down(nodes_, '.'), has(nodes_, '0');
  std::uint32_t reached = 0;
  for (std::uint32_t x = 0; x < nodes_; ++x) {
    seen[x] = observer ? believes(*observer, x) : majority(x);
    if (crashed(x)) down[x] = 'x';
    if (has_broadcast(x)) has[x] = '1', ++reached;
  }
  json msgs = json::array();
  for (const auto& s : sends_)
    msgs.push_back(
        json::array({s.from, s.to, codec::to_string(static_cast<codec::MessageType>(s.type)),
                     s.delivered ? 1 : 0, s.stream ? 1 : 0}));
  std::uint32_t down_count = 0;
  for (char c : down) down_count += c == 'x';
  const std::uint32_t live = nodes_ - down_count;
  const auto ms = [](core::Duration d) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  };
  json event = {{"kind", "none"}};
  json prediction = {{"basis",
                      "click a node: its broadcast's spread, or its crash's "
                      "detection, is predicted here"}};
  if (event_ != Event::none) {
    event = {{"kind", event_ == Event::broadcast ? "broadcast" : "crash"},
             {"node", event_node_},
             {"step", event_step_},
             {"since_ms", ms(engine_.now() - event_at_)}};
  }
  if (event_ == Event::broadcast) {
    const auto b = predict_broadcast(cfg_, nodes_, down_count, loss_, step_);
    prediction = {
        {"rounds", b.rounds}, {"seconds", b.seconds}, {"reached", b.reached}, {"basis", b.basis}};
  } else if (event_ == Event::crash) {
    const auto d = predict_detection(cfg_, nodes_);
    prediction = {{"suspect_min_s", d.suspect_min_s},
                  {"suspect_max_s", d.suspect_max_s},
                  {"dead_min_s", d.dead_min_s},
                  {"dead_max_s", d.dead_max_s},
                  {"basis", d.basis}};
  }
  return json{{"engine", "protocol"},
              {"params", {{"nodes", nodes_}, {"step_ms", ms(step_)}}},
              {"step", steps_},
              {"time_ms", ms(engine_.now() - start_)},
              {"observer", observer ? json(*observer) : json(nullptr)},
              {"states", seen},
              {"crashed", down},
              {"broadcast", has},
              {"reached", reached},
              {"live", live},
              // Live nodes that declared the latest crashed node dead, or suspect it.
              {"declared_dead", believing('d')},
              {"suspecting", believing('s')},
              {"event", std::move(event)},
              {"prediction", std::move(prediction)},
              {"messages", std::move(msgs)}};
}

}  // namespace rumor::websim
