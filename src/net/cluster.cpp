// The thread-safe facade; see cluster.hpp.
#include "net/cluster.hpp"

#include <algorithm>
#include <future>
#include <stdexcept>

#include "core/node.hpp"
#include "net/endpoint.hpp"
#include "net/machine.hpp"
#include "net/node_delegate.hpp"
#include "net/options_check.hpp"
#include "net/runtime.hpp"

namespace rumor::net {

namespace {
constexpr std::uint16_t kDefaultPort = 7946;

// One join() call waiting for the results of its seeds.
struct JoinWait {
  std::vector<Address> pending;
  std::size_t ok = 0;
  std::promise<std::size_t> done;
};

RuntimeOptions runtime_options(const ClusterOptions& opt) {
  RuntimeOptions r;
  r.transport = opt.transport;
  r.transport.tcp_timeout = opt.config.tcp_timeout;
  r.inbound_queue_limit = opt.inbound_queue_limit;
  return r;
}
}  // namespace

// Loop-thread state, apart from the runtime and the subscriber list, which are
// thread-safe themselves. Members are destroyed in reverse order: the node goes before
// the runtime whose transport it was built on.
struct Cluster::State {
  std::chrono::milliseconds call_timeout;
  core::Duration tcp_timeout;
  std::size_t meta_max;
  Subscribers subscribers;
  std::unique_ptr<NodeDelegate> delegate;
  std::unique_ptr<Runtime> runtime;
  std::unique_ptr<core::Node> node;
  std::unique_ptr<MachineRef<core::Node>> machine;
  std::vector<std::shared_ptr<JoinWait>> joins;
  std::vector<std::shared_ptr<std::promise<bool>>> leaves;
};

std::unique_ptr<Cluster> Cluster::start(ClusterOptions opt) {
  return std::unique_ptr<Cluster>(new Cluster(std::move(opt)));
}

Cluster::Cluster(ClusterOptions opt) : s_(std::make_unique<State>()) {
  if (opt.config.name.empty()) throw std::invalid_argument("rumor::net: config.name is required");
  if (opt.meta.size() > opt.config.meta_max)
    throw std::invalid_argument("rumor::net: meta exceeds config.meta_max");
  check_options(opt);
  s_->call_timeout = opt.call_timeout;
  s_->tcp_timeout = opt.config.tcp_timeout;
  s_->meta_max = opt.config.meta_max;
  s_->delegate = std::make_unique<NodeDelegate>(
      std::move(opt.meta), [this](const Address& seed, bool ok) { on_join_result(seed, ok); });
  s_->runtime = std::make_unique<Runtime>(runtime_options(opt));
  advertise_ = s_->runtime->advertise();
  opt.config.advertise = advertise_;
  const std::uint64_t seed = opt.seed ? *opt.seed : Runtime::random_seed();
  s_->node = std::make_unique<core::Node>(std::move(opt.config), s_->runtime->effects(),
                                          s_->delegate.get(), seed);
  s_->machine = std::make_unique<MachineRef<core::Node>>(*s_->node);
  s_->runtime->set_after_input([this] { after_input(); });
  s_->runtime->start(*s_->machine);
}

Cluster::~Cluster() {
  try {
    shutdown();
  } catch (...) {  // destroyed from a callback: the runtime detaches instead
  }
}

void Cluster::after_input() {
  if (s_->delegate->has_events()) {
    // Published as a separate loop task, outside the Node input that produced them.
    auto events = std::make_shared<std::vector<Event>>(s_->delegate->take_events());
    s_->runtime->post([this, events](core::Time) { s_->subscribers.publish(*events); });
  }
  if (!s_->leaves.empty() && s_->node->leave_propagated()) {
    for (auto& p : s_->leaves) p->set_value(true);
    s_->leaves.clear();
  }
}

void Cluster::on_join_result(const Address& seed, bool ok) {
  for (auto it = s_->joins.begin(); it != s_->joins.end(); ++it) {
    auto& w = **it;
    auto p = std::find(w.pending.begin(), w.pending.end(), seed);
    if (p == w.pending.end()) continue;
    w.pending.erase(p);
    if (ok) ++w.ok;
    if (w.pending.empty()) {
      w.done.set_value(w.ok);
      s_->joins.erase(it);
    }
    return;
  }
}

std::size_t Cluster::join(const std::vector<std::string>& seeds) {
  if (s_->runtime->on_loop_thread())
    throw std::logic_error("rumor::net: join() from an event callback would deadlock");
  auto wait = std::make_shared<JoinWait>();
  for (const std::string& text : seeds)
    if (auto a = resolve_address(text, kDefaultPort)) wait->pending.push_back(*a);
  if (wait->pending.empty()) return 0;
  auto done = wait->done.get_future();
  s_->runtime->call(
      [this, wait](core::Time now) {
        s_->joins.push_back(wait);
        const std::vector<Address> addrs = wait->pending;
        s_->node->join(addrs, now);
      },
      s_->call_timeout);
  // Every attempt ends by its stream deadline (tcp_timeout); allow the loop some slack.
  const auto limit =
      std::chrono::duration_cast<std::chrono::milliseconds>(s_->tcp_timeout) + s_->call_timeout;
  if (done.wait_for(limit) == std::future_status::ready) return done.get();
  return s_->runtime->call(
      [this, wait](core::Time) {
        std::erase(s_->joins, wait);
        return wait->ok;
      },
      s_->call_timeout);
}

bool Cluster::leave(std::chrono::milliseconds timeout) {
  if (s_->runtime->on_loop_thread())
    throw std::logic_error("rumor::net: leave() from an event callback would deadlock");
  auto promise = std::make_shared<std::promise<bool>>();
  auto done = promise->get_future();
  s_->runtime->call(
      [this, promise](core::Time now) {
        s_->node->leave(now);
        s_->leaves.push_back(promise);  // after_input() resolves it once propagated
      },
      s_->call_timeout);
  return done.wait_for(timeout) == std::future_status::ready && done.get();
}

std::vector<core::Member> Cluster::members() {
  return s_->runtime->call([this](core::Time) { return s_->node->members(); }, s_->call_timeout);
}

core::Member Cluster::local_member() {
  return s_->runtime->call([this](core::Time) { return s_->node->self(); }, s_->call_timeout);
}

void Cluster::broadcast(Bytes msg, std::string key) {
  s_->runtime->call([this, msg = std::move(msg), key = std::move(key)](
                        core::Time) mutable { s_->node->broadcast(std::move(msg), key); },
                    s_->call_timeout);
}

bool Cluster::send(const std::string& member, Bytes msg, bool reliable) {
  return s_->runtime->call(
      [this, member, msg = std::move(msg), reliable](core::Time now) {
        const auto m = s_->node->member(member);
        if (!m) return false;
        s_->node->send_user_message(m->address, msg, reliable, now);
        return true;
      },
      s_->call_timeout);
}

void Cluster::send_to(const Address& to, Bytes msg, bool reliable) {
  s_->runtime->call([this, to, msg = std::move(msg), reliable](
                        core::Time now) { s_->node->send_user_message(to, msg, reliable, now); },
                    s_->call_timeout);
}

void Cluster::update_meta(Bytes meta) {
  if (meta.size() > s_->meta_max)
    throw std::invalid_argument("rumor::net: meta exceeds config.meta_max");
  s_->runtime->call(
      [this, meta = std::move(meta)](core::Time now) mutable {
        s_->delegate->set_meta(std::move(meta));
        s_->node->update_meta(now);
      },
      s_->call_timeout);
}

SubscriptionId Cluster::subscribe(EventCallback cb) {
  return s_->subscribers.add(std::move(cb));
}
void Cluster::unsubscribe(SubscriptionId id) {
  s_->subscribers.remove(id);
}

ClusterStats Cluster::stats() {
  return s_->runtime->call(
      [this](core::Time) {
        ClusterStats st;
        st.core = s_->node->stats();
        st.net = s_->runtime->stats();
        st.members = s_->node->num_members();
        st.alive = s_->node->num_alive();
        st.health_score = s_->node->health_score();
        return st;
      },
      s_->call_timeout);
}

void Cluster::shutdown() {
  if (s_->runtime) s_->runtime->stop();
}

}  // namespace rumor::net
