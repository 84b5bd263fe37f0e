#include "websim/lab_session.hpp"

#include <cmath>

namespace rumor::websim {
namespace {

lab::Params read_params(const Query& q, std::uint32_t max_nodes) {
  lab::Params p;
  p.nodes = static_cast<std::uint32_t>(integer(q, "nodes", 100, 2, max_nodes));
  p.algorithm = choice(q, "algorithm", lab::Algorithm::anti_entropy);
  if (p.algorithm == lab::Algorithm::push_sum)
    throw ParamError("algorithm", "one of anti-entropy | rumor");
  p.mode = choice(q, "mode", lab::Mode::push_pull);
  p.stop = choice(q, "stop", lab::Stop::feedback);
  p.decay = choice(q, "decay", lab::Decay::counter);
  p.k = static_cast<int>(integer(q, "k", 2, 1, 100));
  p.fanout = static_cast<int>(integer(q, "fanout", 1, 1, std::min<std::int64_t>(16, p.nodes - 1)));
  p.view = static_cast<std::uint32_t>(integer(q, "view", 0, 0, p.nodes - 1));
  p.loss = real(q, "loss", 0, 0, 1);
  p.failed = real(q, "failed", 0, 0, 0.9);
  p.seed = static_cast<std::uint64_t>(integer(q, "seed", 1, 0, INT64_MAX));
  p.max_rounds = 1000;
  if (static_cast<double>(p.nodes) * (1 - p.failed) < 2)
    throw ParamError("failed", "leaves fewer than 2 live nodes");
  if (const auto err = lab::validate(p); !err.empty()) {  // a backstop: lab names its flag
    const auto colon = err.find(':');
    throw ParamError(err.substr(0, colon).substr(err.rfind('-', colon) + 1), err.substr(colon + 2));
  }
  return p;
}

}  // namespace

LabSession::LabSession(const Query& q, std::uint32_t max_nodes)
    : p_(read_params(q, max_nodes)), prediction_(lab::predict(p_)), preview_(p_, p_.seed) {}

void LabSession::infect(std::uint32_t node) {
  if (node >= p_.nodes) throw ParamError("node", "no such node");
  if (!live(node)) throw ParamError("node", "node " + std::to_string(node) + " has crashed");
  if (ae_) return ae_->infect(node);
  if (rm_) return rm_->infect(node);
  if (p_.algorithm == lab::Algorithm::anti_entropy)
    ae_ = std::make_unique<lab::AntiEntropy>(p_, p_.seed, node);
  else
    rm_ = std::make_unique<lab::RumorMongering>(p_, p_.seed, node);
}

void LabSession::step(int cycles) {
  if (!started()) throw ParamError("node", "infect a node first");
  messages_.clear();
  for (int i = 0; i < cycles && !over(); ++i) {
    messages_.clear();
    if (ae_)
      ae_->cycle(&messages_);
    else
      rm_->cycle(&messages_);
  }
}

bool LabSession::over() const {
  return ae_ ? ae_->over() : rm_ ? rm_->over() : false;
}

int LabSession::cycle() const {
  return ae_ ? ae_->cycles() : rm_ ? rm_->cycles() : 0;
}

bool LabSession::knows(std::uint32_t x) const {
  return started() && setup().spread.knows(x);
}

nlohmann::json LabSession::state() const {
  using json = nlohmann::json;
  // One character per node: s susceptible, i knows and spreads, r knows and stopped
  // (rumor mongering's removed), x crashed.
  std::string nodes(p_.nodes, 's');
  for (std::uint32_t x = 0; x < p_.nodes; ++x) {
    if (!live(x))
      nodes[x] = 'x';
    else if (knows(x))
      nodes[x] = rm_ && rm_->removed(x) ? 'r' : 'i';
  }
  json msgs = json::array();
  for (const auto& m : messages_)
    msgs.push_back(
        json::array({m.from, m.to, (m.pull ? 1 : 0) | (m.lost ? 2 : 0) | (m.informed ? 4 : 0)}));
  json curve = json::array();
  if (started())
    for (double f : setup().spread.result(0, setup().contacts, cycle()).informed)
      curve.push_back(f);
  json pred = {{"basis", prediction_.basis}};
  const auto opt = [](const std::optional<double>& v) { return v ? json(*v) : json(nullptr); };
  pred["t_last"] = opt(prediction_.t_last);
  pred["t_last_asymptotic"] = opt(prediction_.t_last_asymptotic);
  pred["residue"] = opt(prediction_.residue);
  pred["informed"] = prediction_.informed;
  std::uint32_t informed = 0;
  for (char c : nodes) informed += c == 'i' || c == 'r';
  return json{{"engine", "lab"},
              {"describe", lab::describe(p_)},
              {"params",
               {{"nodes", p_.nodes},
                {"algorithm", lab::name(p_.algorithm)},
                {"mode", lab::name(p_.mode)},
                {"stop", lab::name(p_.stop)},
                {"decay", lab::name(p_.decay)},
                {"k", p_.k},
                {"fanout", p_.fanout},
                {"view", p_.view},
                {"loss", p_.loss},
                {"failed", p_.failed},
                {"seed", p_.seed}}},
              {"cycle", cycle()},
              {"started", started()},
              {"over", over()},
              {"informed", informed},
              {"live", preview_.pop.live_count()},
              {"nodes", nodes},
              {"messages", std::move(msgs)},
              {"curve", std::move(curve)},
              {"prediction", std::move(pred)}};
}

}  // namespace rumor::websim
