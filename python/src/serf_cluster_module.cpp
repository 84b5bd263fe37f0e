// rumor.SerfCluster: one Serf member inside the Python process, on net::SerfCluster
// (docs/python.md). Every call that waits for the event loop releases the GIL; events
// and query responses are queued by the loop thread without touching Python and taken
// by Python when it asks (event_queue.hpp, query_stream.hpp).
#include "serf_cluster_module.hpp"

#include <pybind11/stl.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "event_queue.hpp"
#include "net/endpoint.hpp"
#include "python_errors.hpp"
#include "query_stream.hpp"

namespace py = pybind11;

namespace rumor::python {
namespace {

using namespace std::chrono_literals;

// bytes, bytearray or str (UTF-8) as a payload.
Bytes payload_of(py::handle v, const char* what) {
  if (py::isinstance<py::bytes>(v) || py::isinstance<py::bytearray>(v)) {
    const std::string s = py::isinstance<py::bytes>(v) ? std::string(py::bytes(v.cast<py::bytes>()))
                                                       : std::string(v.cast<py::bytearray>());
    return Bytes(s.begin(), s.end());
  }
  if (py::isinstance<py::str>(v)) {
    const std::string s = v.cast<std::string>();
    return Bytes(s.begin(), s.end());
  }
  throw py::type_error(std::string(what) + " must be bytes or str, not " +
                       std::string(py::str(py::type::of(v).attr("__name__"))));
}

py::bytes bytes_of(const Bytes& b) {
  return py::bytes(reinterpret_cast<const char*>(b.data()), b.size());
}

std::chrono::milliseconds millis(double seconds) {
  return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000));
}

py::dict member_dict(const serf::Member& m) {
  py::dict d;
  d["name"] = m.name;
  d["addr"] = m.address.ip.to_string();
  d["port"] = m.address.port;
  d["tags"] = py::cast(std::map<std::string, std::string>(m.tags.begin(), m.tags.end()));
  d["status"] = serf::to_string(m.status);
  return d;
}

py::list members_list(const std::vector<serf::Member>& ms) {
  py::list out;
  for (const auto& m : ms) out.append(member_dict(m));
  return out;
}

// One event as a dict whose "type" is Serf's event name (member-join, user, query, ...).
py::dict event_dict(const net::SerfEvent& e) {
  py::dict d;
  if (const auto* m = std::get_if<serf::MemberEvent>(&e)) {
    d["type"] = serf::to_string(m->type);
    d["members"] = members_list(m->members);
  } else if (const auto* u = std::get_if<serf::UserEvent>(&e)) {
    d["type"] = "user";
    d["name"] = u->name;
    d["payload"] = bytes_of(u->payload);
    d["ltime"] = u->ltime;
    d["coalesce"] = u->coalesce;
  } else if (const auto* q = std::get_if<net::ReceivedQuery>(&e)) {
    d["type"] = "query";
    d["id"] = q->id;
    d["name"] = q->name;
    d["payload"] = bytes_of(q->payload);
    d["source"] = q->source_node;
    d["ltime"] = q->ltime;
  } else if (const auto* c = std::get_if<serf::ConflictOutcome>(&e)) {
    d["type"] = "name-conflict";
    d["won"] = c->won;
    d["responses"] = c->responses;
    d["matching"] = c->matching;
  }
  return d;
}

class PySerfCluster {
 public:
  PySerfCluster(const std::string& name, const std::string& bind, const serf::Tags& tags,
                const std::string& profile, std::optional<std::uint64_t> seed, double call_timeout,
                std::size_t event_limit)
      : events_(std::make_shared<EventQueue>(event_limit)) {
    const auto addr = net::parse_address(bind, 7946);
    if (!addr) throw py::value_error("bind: expected ip:port, got '" + bind + "'");
    const auto prof = core::parse_profile(profile);
    if (!prof) throw py::value_error("profile: expected lan, wan or local, got '" + profile + "'");
    net::SerfClusterOptions opt;
    opt.config.memberlist = core::Config::for_profile(*prof);
    opt.config.memberlist.name = name;
    opt.config.tags = tags;
    opt.transport.bind_host = addr->ip.to_string();
    opt.transport.bind_port = addr->port;
    opt.call_timeout = millis(call_timeout);
    opt.seed = seed;
    opt.subscriber = [q = events_](const net::SerfEvent& e) { q->push(e); };
    py::gil_scoped_release unlocked;
    c_ = net::SerfCluster::start(std::move(opt));
    call_timeout_ = millis(call_timeout);
  }

  // The member, for one call: taken with the GIL held, so that shutdown() on another
  // thread cannot destroy it while this call waits with the GIL released (the last
  // reference ends it; shutdown() has stopped it by then, so the call gets CallError).
  std::shared_ptr<net::SerfCluster> cluster() {
    if (!c_) throw net::CallError("rumor: this SerfCluster was shut down");
    return c_;
  }

  std::string address() { return cluster()->address().to_string(); }
  std::string name() { return cluster()->config().memberlist.name; }

  std::size_t join(const std::vector<std::string>& seeds, bool ignore_old) {
    auto c = cluster();
    py::gil_scoped_release unlocked;
    return c->join(seeds, ignore_old);
  }

  py::list members() {
    std::vector<serf::Member> ms;
    auto c = cluster();
    {
      py::gil_scoped_release unlocked;
      ms = c->members();
    }
    return members_list(ms);
  }

  py::dict local_member() {
    serf::Member m;
    auto c = cluster();
    {
      py::gil_scoped_release unlocked;
      m = c->local_member();
    }
    return member_dict(m);
  }

  void user_event(const std::string& event, py::handle payload, bool coalesce) {
    Bytes p = payload_of(payload, "payload");
    serf::SerfStatus st = serf::Done{};
    auto c = cluster();
    {
      py::gil_scoped_release unlocked;
      st = c->user_event(event, std::move(p), coalesce);
    }
    value_or_raise(std::move(st));
  }

  std::shared_ptr<QueryStream> query(const std::string& query, py::handle payload,
                                     std::optional<double> timeout,
                                     const std::vector<std::string>& filter_nodes,
                                     const serf::Tags& filter_tags, bool request_ack,
                                     std::uint8_t relay_factor) {
    Bytes p = payload_of(payload, "payload");
    serf::QueryParams params;
    params.filter_nodes = filter_nodes;
    params.filter_tags.assign(filter_tags.begin(), filter_tags.end());
    params.request_ack = request_ack;
    params.relay_factor = relay_factor;
    if (timeout) {  // a negative one is net::check_query's to refuse, in its words
      params.timeout =
          std::chrono::duration_cast<core::Duration>(std::chrono::duration<double>(*timeout));
    }
    // Serf's default timeout grows with the cluster (GossipInterval x QueryTimeoutMult x
    // log N): 2 minutes covers it at any size this runs at.
    const Clock::duration wait =
        (timeout
             ? std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(*timeout))
             : Clock::duration(std::chrono::minutes(2))) +
        call_timeout_ + 1s;
    auto stream = std::make_shared<QueryStream>(wait);
    serf::Outcome<serf::QueryKey> started = serf::SerfError::bad_state;
    auto c = cluster();
    {
      py::gil_scoped_release unlocked;
      started = c->query(query, std::move(p), params, stream->callbacks());
    }
    value_or_raise(std::move(started));
    return stream;
  }

  void respond(std::uint64_t id, py::handle payload) {
    Bytes p = payload_of(payload, "payload");
    serf::SerfStatus st = serf::Done{};
    auto c = cluster();
    {
      py::gil_scoped_release unlocked;
      st = c->respond(id, std::move(p));
    }
    value_or_raise(std::move(st));
  }

  void update_tags(const serf::Tags& set, const std::vector<std::string>& remove) {
    serf::SerfStatus st = serf::Done{};
    auto c = cluster();
    {
      py::gil_scoped_release unlocked;
      st = c->update_tags(set, remove);
    }
    value_or_raise(std::move(st));
  }

  py::object next_event(std::optional<double> timeout) {
    auto e = events_->pop(deadline_after(timeout));
    if (!e) return py::none();
    return event_dict(*e);
  }

  std::uint64_t events_dropped() const { return events_->dropped(); }

  bool leave(double timeout) {
    auto c = cluster();
    py::gil_scoped_release unlocked;
    return c->leave(millis(timeout));
  }

  py::dict stats() {
    net::SerfClusterStats s;
    auto c = cluster();
    {
      py::gil_scoped_release unlocked;
      s = c->stats();
    }
    py::dict d;
    d["members"] = s.members;
    d["failed"] = s.failed;
    d["left"] = s.left;
    d["member_time"] = s.member_time;
    d["event_time"] = s.event_time;
    d["query_time"] = s.query_time;
    d["queued_broadcasts"] = s.queued_broadcasts;
    d["health_score"] = s.health_score;
    d["events_dropped"] = events_->dropped();
    return d;
  }

  void shutdown() {
    std::shared_ptr<net::SerfCluster> c = std::move(c_);
    if (!c) return;
    py::gil_scoped_release unlocked;
    c->shutdown();  // stops the loop and joins its thread; the loop never needs the GIL
    c.reset();      // here, unless a call on another thread still holds it
  }

 private:
  std::shared_ptr<EventQueue> events_;
  std::shared_ptr<net::SerfCluster> c_;
  std::chrono::milliseconds call_timeout_{5000};
};

}  // namespace

void add_serf_cluster(py::module_& m) {
  py::class_<QueryStream, std::shared_ptr<QueryStream>>(
      m, "Query",
      "A query on its way: iterate it for (node, payload) responses as they arrive, "
      "until its deadline. .acks lists the nodes that acknowledged so far.")
      .def("__iter__", [](std::shared_ptr<QueryStream> s) { return s; })
      .def("__next__",
           [](QueryStream& s) -> py::tuple {
             auto r = s.next();
             if (!r) throw py::stop_iteration();
             return py::make_tuple(r->first, bytes_of(r->second));
           })
      .def_property_readonly("acks", &QueryStream::acks)
      .def_property_readonly("done", &QueryStream::done);

  py::class_<PySerfCluster>(
      m, "SerfCluster",
      "One Serf member (HashiCorp Serf's protocol) in this process: join, members, user "
      "events, queries, leave. Calls that wait for the network release the GIL.")
      .def(py::init<const std::string&, const std::string&, const serf::Tags&, const std::string&,
                    std::optional<std::uint64_t>, double, std::size_t>(),
           py::arg("name"), py::arg("bind") = "127.0.0.1:0", py::arg("tags") = serf::Tags{},
           py::arg("profile") = "lan", py::arg("seed") = py::none(), py::arg("call_timeout") = 5.0,
           py::arg("event_limit") = 10000,
           "Binds (port 0: any free port; .address says which) and starts the member. "
           "profile: lan, wan or local (loopback timings).")
      .def_property_readonly("address", &PySerfCluster::address, "ip:port others join")
      .def_property_readonly("name", &PySerfCluster::name)
      .def("join", &PySerfCluster::join, py::arg("seeds"), py::arg("ignore_old") = true,
           "Push/pull with each seed address; returns how many answered (a seed that does "
           "not resolve counts as not answering).")
      .def("members", &PySerfCluster::members,
           "Every member, failed and left ones included: dicts of name, addr, port, tags, "
           "status.")
      .def("local_member", &PySerfCluster::local_member)
      .def("user_event", &PySerfCluster::user_event, py::arg("name"),
           py::arg("payload") = py::bytes(), py::arg("coalesce") = false,
           "Sends a user event to every member; rumor.SerfError if Serf refuses it.")
      .def("query", &PySerfCluster::query, py::arg("name"), py::arg("payload") = py::bytes(),
           py::kw_only(), py::arg("timeout") = py::none(),
           py::arg("filter_nodes") = std::vector<std::string>{},
           py::arg("filter_tags") = serf::Tags{}, py::arg("request_ack") = false,
           py::arg("relay_factor") = 0,
           "Starts a query and returns a rumor.Query to iterate for its responses. "
           "timeout in seconds (None: Serf's default).")
      .def("respond", &PySerfCluster::respond, py::arg("query_id"), py::arg("payload"),
           "Answers a query event's id before its deadline.")
      .def("update_tags", &PySerfCluster::update_tags, py::arg("set") = serf::Tags{},
           py::arg("remove") = std::vector<std::string>{})
      .def("next_event", &PySerfCluster::next_event, py::arg("timeout") = py::none(),
           "The next event as a dict (type: member-join, member-leave, member-failed, "
           "member-update, member-reap, user, query, name-conflict), or None after "
           "`timeout` seconds (None: wait).")
      .def("leave", &PySerfCluster::leave, py::arg("timeout") = 5.0,
           "Graceful leave; True when it propagated within `timeout` seconds.")
      .def("stats", &PySerfCluster::stats)
      .def("shutdown", &PySerfCluster::shutdown, "Stops at once, without a leave.")
      .def(
          "__enter__", [](PySerfCluster& c) -> PySerfCluster& { return c; },
          py::return_value_policy::reference)
      .def("__exit__", [](PySerfCluster& c, py::args) { c.shutdown(); });
}

}  // namespace rumor::python
