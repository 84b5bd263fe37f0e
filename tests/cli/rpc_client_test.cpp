// RpcClient and its codec without a real agent: request bodies as the agent decodes
// them, response bodies (well-formed, truncated, of the wrong types), and a scripted fake
// agent on loopback that answers with garbage, stray records, half answers or nothing.
#include "agent/rpc_client.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <thread>

#include "agent/rpc_protocol.hpp"
#include "agent/rpc_writer.hpp"
#include "serf/ping_payload.hpp"

using namespace std::chrono_literals;
using rumor::Bytes;
using rumor::agent::RpcClient;
using rumor::agent::RpcClientOptions;
using rumor::agent::RpcError;
using rumor::agent::RpcWriter;
using rumor::codec::msgpack::Reader;
namespace rpc = rumor::agent::rpc;

namespace {

template <class Encode>
Bytes bytes_of(Encode&& encode) {
  Bytes out;
  RpcWriter w(out);
  encode(w);
  return out;
}

// ---- request bodies: what the client writes is what the agent reads --------------------

TEST(RpcClientCodec, RequestsDecodeAsTheAgentReadsThem) {
  rpc::QueryRequest q;
  q.filter_nodes = {"a", "b"};
  q.filter_tags = {{"role", "web.*"}};
  q.request_ack = true;
  q.relay_factor = 3;
  q.timeout_ns = 1'500'000'000;
  q.name = "who";
  q.payload = Bytes{1, 2, 3};
  const Bytes qb = bytes_of([&](RpcWriter& w) { rpc::encode(w, q); });
  Reader qr(qb);
  rpc::QueryRequest back;
  ASSERT_TRUE(rpc::decode(qr, back));
  EXPECT_TRUE(qr.at_end());
  EXPECT_EQ(back.filter_nodes, q.filter_nodes);
  EXPECT_EQ(back.filter_tags, q.filter_tags);
  EXPECT_TRUE(back.request_ack);
  EXPECT_EQ(back.relay_factor, 3);
  EXPECT_EQ(back.timeout_ns, q.timeout_ns);
  EXPECT_EQ(back.name, "who");
  EXPECT_EQ(back.payload, q.payload);

  const Bytes tb = bytes_of([](RpcWriter& w) { rpc::encode(w, rpc::TagsRequest{{}, {"x"}}); });
  Reader tr(tb);
  rpc::TagsRequest tags;
  ASSERT_TRUE(rpc::decode(tr, tags));
  EXPECT_TRUE(tags.tags.empty());
  EXPECT_EQ(tags.delete_tags, std::vector<std::string>{"x"});

  const Bytes fb = bytes_of([](RpcWriter& w) {
    rpc::encode(w, rpc::ForceLeaveRequest{"n1", true});
  });
  Reader fr(fb);
  rpc::ForceLeaveRequest fl;
  ASSERT_TRUE(rpc::decode(fr, fl));
  EXPECT_EQ(fl.node, "n1");
  EXPECT_TRUE(fl.prune);
}

// ---- response bodies ------------------------------------------------------------------

Bytes key_response_bytes() {
  rpc::KeyResponse k;
  k.messages = {{"n1", "no keyring"}};
  k.keys = {{"a2V5", 2}};
  k.num_nodes = 3;
  k.num_err = 1;
  k.num_resp = 2;
  return bytes_of([&](RpcWriter& w) { rpc::encode(w, k); });
}

TEST(RpcClientCodec, ResponsesRoundTripFromTheAgentsEncoders) {
  const Bytes kb = key_response_bytes();
  Reader kr(kb);
  rpc::KeyResponse k;
  ASSERT_TRUE(rpc::decode(kr, k));
  EXPECT_EQ(k.messages.at("n1"), "no keyring");
  EXPECT_EQ(k.keys.at("a2V5"), 2);
  EXPECT_EQ(k.num_nodes, 3);
  EXPECT_EQ(k.num_err, 1);

  const Bytes sb = bytes_of([](RpcWriter& w) {
    rpc::encode(w, rpc::StatsResponse{{"agent", {{"name", "r1"}}}, {"serf", {{"members", "2"}}}});
  });
  Reader sr(sb);
  rpc::StatsResponse stats;
  ASSERT_TRUE(rpc::decode(sr, stats));
  EXPECT_EQ(stats.at("agent").at("name"), "r1");
  EXPECT_EQ(stats.at("serf").at("members"), "2");

  const Bytes qb = bytes_of([](RpcWriter& w) {
    rpc::encode(w, rpc::QueryRecord{"r2", Bytes{'h', 'i'}, "response"});
  });
  Reader qr(qb);
  rpc::QueryRecord rec;
  ASSERT_TRUE(rpc::decode(qr, rec));
  EXPECT_EQ(rec.type, "response");
  EXPECT_EQ(rec.from, "r2");
  EXPECT_EQ(rec.payload, (Bytes{'h', 'i'}));

  const Bytes cb = bytes_of([](RpcWriter& w) { rpc::encode(w, rpc::CoordinateResponse{}); });
  Reader cr(cb);
  rpc::CoordinateResponse coord;
  coord.ok = true;
  ASSERT_TRUE(rpc::decode(cr, coord));
  EXPECT_FALSE(coord.ok);
  EXPECT_TRUE(coord.coord.vec.empty());

  const rumor::serf::Coordinate held{{0.001, -0.002}, 0.5, 0.0001, 0.00002};
  const Bytes hb = bytes_of([&](RpcWriter& w) {
    rpc::encode(w, rpc::CoordinateResponse{held, true});
  });
  Reader hr(hb);
  rpc::CoordinateResponse got;
  ASSERT_TRUE(rpc::decode(hr, got));
  EXPECT_TRUE(got.ok);
  EXPECT_EQ(got.coord.vec, held.vec);
  EXPECT_EQ(got.coord.error, held.error);
  EXPECT_EQ(got.coord.adjustment, held.adjustment);
  EXPECT_EQ(got.coord.height, held.height);
}

TEST(RpcClientCodec, TruncatedResponsesAreErrorsAtEveryLength) {
  const Bytes full = key_response_bytes();
  for (std::size_t n = 0; n < full.size(); ++n) {
    const Bytes cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
    Reader r(cut);
    rpc::KeyResponse k;
    EXPECT_FALSE(rpc::decode(r, k)) << "length " << n;
  }
  const Bytes members = bytes_of([](RpcWriter& w) {
    rpc::RpcMember m;
    m.name = "n";
    m.addr = Bytes{127, 0, 0, 1};
    m.tags = {{"a", "b"}};
    rpc::encode(w, rpc::MembersResponse{{m, m}});
  });
  for (std::size_t n = 0; n < members.size(); ++n) {
    const Bytes cut(members.begin(), members.begin() + static_cast<std::ptrdiff_t>(n));
    Reader r(cut);
    rpc::MembersResponse out;
    EXPECT_FALSE(rpc::decode(r, out)) << "length " << n;
  }
}

TEST(RpcClientCodec, WrongTypesAreErrors) {
  // {"Num": "three"}
  const Bytes join = bytes_of([](RpcWriter& w) {
    w.map(1);
    w.key("Num");
    w.str("three");
  });
  Reader jr(join);
  rpc::JoinResponse j;
  EXPECT_FALSE(rpc::decode(jr, j));

  // {"Members": {"x": 1}}
  const Bytes members = bytes_of([](RpcWriter& w) {
    w.map(1);
    w.key("Members");
    w.map(1);
    w.key("x");
    w.uint(1);
  });
  Reader mr(members);
  rpc::MembersResponse m;
  EXPECT_FALSE(rpc::decode(mr, m));

  // {"agent": "flat"}: stats sections must be maps.
  const Bytes stats = bytes_of([](RpcWriter& w) {
    w.map(1);
    w.key("agent");
    w.str("flat");
  });
  Reader sr(stats);
  rpc::StatsResponse s;
  EXPECT_FALSE(rpc::decode(sr, s));

  // {"Coord": {"Vec": ["x"]}, "Ok": true}
  const Bytes coord = bytes_of([](RpcWriter& w) {
    w.map(2);
    w.key("Coord");
    w.map(1);
    w.key("Vec");
    w.array(1);
    w.str("x");
    w.key("Ok");
    w.boolean(true);
  });
  Reader cr(coord);
  rpc::CoordinateResponse c;
  EXPECT_FALSE(rpc::decode(cr, c));

  // A port that does not fit Go's uint16.
  const Bytes port = bytes_of([](RpcWriter& w) {
    w.map(1);
    w.key("Members");
    w.array(1);
    w.map(1);
    w.key("Port");
    w.uint(70000);
  });
  Reader pr(port);
  EXPECT_FALSE(rpc::decode(pr, m));

  // A body that is no map at all.
  const Bytes scalar = bytes_of([](RpcWriter& w) { w.uint(7); });
  Reader qr(scalar);
  rpc::QueryRecord q;
  EXPECT_FALSE(rpc::decode(qr, q));
}

TEST(RpcClientCodec, ACoordinateIsWrittenAsTheGossipCodecWritesIt) {
  // One description serves both codecs; with short keys and float64s only, their
  // bytes must agree, as they do in Go.
  const rumor::serf::Coordinate c{{0.001, -0.002}, 0.5, 0.0001, 0.00002};
  Bytes gossip;
  rumor::serf::encode_coordinate(c, gossip);
  const Bytes expected = bytes_of([&](RpcWriter& w) {
    w.map(2);
    w.key("Coord");
    w.out().insert(w.out().end(), gossip.begin(), gossip.end());
    w.key("Ok");
    w.boolean(true);
  });
  EXPECT_EQ(bytes_of([&](RpcWriter& w) {
              rpc::encode(w, rpc::CoordinateResponse{c, true});
            }),
            expected);
}

// ---- a scripted fake agent ------------------------------------------------------------

// Accepts one connection on 127.0.0.1 and runs `script` on it in a thread.
class FakeAgent {
 public:
  struct Conn {
    int fd;
    Bytes in;
    // The next request's header, its body skipped when `has_body`.
    rpc::RequestHeader request(bool has_body) {
      for (;;) {
        Reader r(in);
        rpc::RequestHeader h;
        if (rpc::decode(r, h) && (!has_body || r.skip())) {
          in.erase(in.begin(), in.begin() + static_cast<std::ptrdiff_t>(r.offset()));
          return h;
        }
        std::uint8_t buf[4096];
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) return {};
        in.insert(in.end(), buf, buf + n);
      }
    }
    void send(const Bytes& b) { (void)::send(fd, b.data(), b.size(), MSG_NOSIGNAL); }
    void header(std::uint64_t seq, const std::string& error = "") {
      send(bytes_of([&](RpcWriter& w) { rpc::encode(w, rpc::ResponseHeader{seq, error}); }));
    }
    // Answers the client's handshake.
    void handshake() { header(request(true).seq); }
  };

  explicit FakeAgent(std::function<void(Conn&)> script) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(listen_fd_, 1);
    socklen_t len = sizeof a;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this, script = std::move(script)] {
      const int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) return;
      Conn c{fd, {}};
      script(c);
      // Hold the connection until the client is done with it.
      std::uint8_t buf[256];
      while (::recv(fd, buf, sizeof buf, 0) > 0) {
      }
      ::close(fd);
    });
  }
  ~FakeAgent() {
    ::shutdown(listen_fd_, SHUT_RDWR);
    ::close(listen_fd_);
    thread_.join();
  }
  RpcClientOptions options(std::chrono::milliseconds timeout = 2s) const {
    RpcClientOptions o;
    o.addr = "127.0.0.1:" + std::to_string(port_);
    o.timeout = timeout;
    return o;
  }

 private:
  int listen_fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

RpcError::Kind kind_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const RpcError& e) {
    return e.kind();
  }
  ADD_FAILURE() << "no RpcError thrown";
  return RpcError::Kind::agent;
}

TEST(RpcClientFake, GarbageInsteadOfAnAnswerIsAProtocolError) {
  FakeAgent fake([](FakeAgent::Conn& c) {
    c.handshake();
    const auto h = c.request(false);
    c.header(h.seq);
    c.send(Bytes{0xc1, 0xc1, 0xc1});  // 0xc1 is never valid msgpack
  });
  RpcClient client(fake.options());
  EXPECT_EQ(kind_of([&] { client.members(); }), RpcError::Kind::protocol);
}

TEST(RpcClientFake, AWrongTypedBodyIsAProtocolError) {
  FakeAgent fake([](FakeAgent::Conn& c) {
    c.handshake();
    const auto h = c.request(false);
    c.header(h.seq);
    c.send(bytes_of([](RpcWriter& w) {
      w.map(1);
      w.key("Members");
      w.str("not a list");
    }));
  });
  RpcClient client(fake.options());
  try {
    client.members();
    FAIL() << "no error";
  } catch (const RpcError& e) {
    EXPECT_EQ(e.kind(), RpcError::Kind::protocol);
    EXPECT_NE(std::string(e.what()).find("'members'"), std::string::npos) << e.what();
  }
}

TEST(RpcClientFake, AHalfAnswerThenCloseIsAnIoError) {
  FakeAgent fake([](FakeAgent::Conn& c) {
    c.handshake();
    const auto h = c.request(false);
    Bytes half = bytes_of([&](RpcWriter& w) { rpc::encode(w, rpc::ResponseHeader{h.seq, ""}); });
    half.resize(half.size() / 2);
    c.send(half);
    ::shutdown(c.fd, SHUT_WR);
  });
  RpcClient client(fake.options());
  EXPECT_EQ(kind_of([&] { client.stats(); }), RpcError::Kind::io);
}

TEST(RpcClientFake, SilenceTimesOutWithinTheBound) {
  FakeAgent fake([](FakeAgent::Conn& c) {
    c.handshake();
    (void)c.request(false);  // and never answer
  });
  RpcClient client(fake.options(300ms));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(kind_of([&] { client.members(); }), RpcError::Kind::io);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST(RpcClientFake, AHugeDeclaredLengthNeverWaitsPastTheDeadline) {
  FakeAgent fake([](FakeAgent::Conn& c) {
    c.handshake();
    const auto h = c.request(false);
    c.header(h.seq);
    c.send(Bytes{0x81, 0xa7, 'M', 'e', 'm', 'b', 'e', 'r', 's', 0xdd, 0xff, 0xff, 0xff, 0xff});
  });
  RpcClient client(fake.options(300ms));
  EXPECT_EQ(kind_of([&] { client.members(); }), RpcError::Kind::io);
}

TEST(RpcClientFake, StrayBodiesAndOtherSequencesAreSkipped) {
  FakeAgent fake([](FakeAgent::Conn& c) {
    c.handshake();
    // force-leave: newer agents answer with a body the client does not expect.
    const auto fl = c.request(true);
    c.header(fl.seq);
    c.send(bytes_of([](RpcWriter& w) {
      w.map(1);
      w.key("Exists");
      w.boolean(true);
    }));
    // members: first a record of another sequence (a stopped stream's) and its body.
    const auto m = c.request(false);
    c.header(m.seq + 100);
    c.send(bytes_of([](RpcWriter& w) { rpc::encode(w, rpc::LogRecord{"late log line"}); }));
    c.header(m.seq);
    rpc::RpcMember member;
    member.name = "only";
    member.addr = Bytes{10, 0, 0, 1};
    member.port = 7946;
    member.status = "alive";
    c.send(bytes_of([&](RpcWriter& w) { rpc::encode(w, rpc::MembersResponse{{member}}); }));
  });
  RpcClient client(fake.options());
  client.force_leave("x");
  const auto members = client.members();
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0].name, "only");
  EXPECT_EQ(members[0].port, 7946);
}

TEST(RpcClientFake, AgentErrorsAreReportedWithTheirMessage) {
  FakeAgent fake([](FakeAgent::Conn& c) {
    c.handshake();
    const auto e = c.request(true);
    c.header(e.seq, "event too large");
    // A keyring error comes with its per-node messages.
    const auto k = c.request(false);
    c.header(k.seq, "2/3 nodes reported failure");
    c.send(key_response_bytes());
  });
  RpcClient client(fake.options());
  try {
    client.user_event("big", {}, false);
    FAIL() << "no error";
  } catch (const RpcError& e) {
    EXPECT_EQ(e.kind(), RpcError::Kind::agent);
    EXPECT_STREQ(e.what(), "event too large");
  }
  const auto keys = client.list_keys();
  EXPECT_EQ(keys.error, "2/3 nodes reported failure");
  EXPECT_EQ(keys.reply.messages.at("n1"), "no keyring");
}

TEST(RpcClientFake, AnErrorWithoutItsBodyIsStillTheAgentsError) {
  FakeAgent fake([](FakeAgent::Conn& c) {
    c.handshake();
    const auto k = c.request(false);
    c.header(k.seq, "keyring is broken");
    ::shutdown(c.fd, SHUT_WR);  // no body follows, and nothing else
  });
  RpcClient client(fake.options());
  const auto keys = client.list_keys();
  EXPECT_EQ(keys.error, "keyring is broken");
  EXPECT_TRUE(keys.reply.messages.empty());
}

TEST(RpcClientFake, QueryStreamsAcksAndResponsesUntilDone) {
  FakeAgent fake([](FakeAgent::Conn& c) {
    c.handshake();
    const auto q = c.request(true);
    c.header(q.seq);
    const auto record = [&](const char* type, const char* from, Bytes payload) {
      c.header(q.seq);
      c.send(bytes_of([&](RpcWriter& w) {
        rpc::encode(w, rpc::QueryRecord{from, payload, type});
      }));
    };
    record("ack", "a", {});
    record("response", "a", Bytes{'o', 'k'});
    record("mystery", "b", {});  // an unknown record type is skipped
    record("ack", "b", {});
    record("done", "", {});
  });
  RpcClient client(fake.options());
  rpc::QueryRequest req;
  req.name = "q";
  req.timeout_ns = 1'000'000'000;
  const auto result = client.query(req);
  EXPECT_EQ(result.acks, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(result.responses.size(), 1u);
  EXPECT_EQ(result.responses[0].first, "a");
}

TEST(RpcClientFake, AuthFailureIsThrownByTheConstructor) {
  FakeAgent fake([](FakeAgent::Conn& c) {
    c.handshake();
    const auto a = c.request(true);
    c.header(a.seq, rpc::kInvalidAuthToken);
  });
  auto options = fake.options();
  options.auth_key = "wrong";
  try {
    RpcClient client(options);
    FAIL() << "no error";
  } catch (const RpcError& e) {
    EXPECT_EQ(e.kind(), RpcError::Kind::agent);
    EXPECT_STREQ(e.what(), rpc::kInvalidAuthToken);
  }
}

TEST(RpcClientFake, BadAddressesAreConnectErrors) {
  for (const char* addr : {"127.0.0.1", "127.0.0.1:port", "[::1", ":"}) {
    RpcClientOptions o;
    o.addr = addr;
    o.timeout = 2s;
    EXPECT_EQ(kind_of([&] { RpcClient c(o); }), RpcError::Kind::connect) << addr;
  }
}

}  // namespace
