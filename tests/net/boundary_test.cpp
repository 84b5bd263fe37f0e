// Bad input at the public facades' boundary, reported the one way docs/api.md
// documents: arguments that can never be valid throw std::invalid_argument naming the
// field, before anything starts; a refusal that depends on the cluster's state is a
// serf::SerfError result; a stopped loop is CallError; a port in use is std::system_error.
// Nothing here may abort the process.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <system_error>

#include "net/cluster.hpp"
#include "net/net_test_util.hpp"
#include "net/serf_cluster.hpp"

namespace rumor::net {
namespace {

using namespace testing;  // NOLINT

SerfClusterOptions serf_options(const std::string& name) {
  SerfClusterOptions o;
  o.config.memberlist = fast_config(name);
  o.transport.bind_host = "127.0.0.1";
  o.transport.bind_port = 0;
  return o;
}

// What start() throws for `opt`, as "<type>: <what()>", or "" when it started.
template <class Facade, class Options>
std::string start_error(Options opt) {
  try {
    auto c = Facade::start(std::move(opt));
    return "";
  } catch (const std::invalid_argument& e) {
    return std::string("invalid_argument: ") + e.what();
  } catch (const std::system_error& e) {
    return std::string("system_error: ") + e.what();
  }
}

TEST(FacadeBoundary, SerfClusterRejectsOptionsThatCanNeverWorkNamingTheField) {
  auto o = serf_options("");
  EXPECT_EQ(start_error<SerfCluster>(o),
            "invalid_argument: rumor::net: config.memberlist.name is required");
  o = serf_options("a");
  o.transport.bind_host = "not-an-address";
  EXPECT_EQ(start_error<SerfCluster>(o),
            "invalid_argument: rumor::net: bad bind address 'not-an-address'");
  o = serf_options("a");
  o.call_timeout = std::chrono::milliseconds(0);
  EXPECT_EQ(start_error<SerfCluster>(o),
            "invalid_argument: rumor::net: call_timeout: must be positive");
  o = serf_options("a");
  o.member_coalescing.period = std::chrono::seconds(-1);
  EXPECT_EQ(start_error<SerfCluster>(o),
            "invalid_argument: rumor::net: member_coalescing: periods must not be negative");
  o = serf_options("a");
  o.transport.inject_inbound_loss = 1.5;
  EXPECT_EQ(start_error<SerfCluster>(o),
            "invalid_argument: rumor::net: transport.inject_inbound_loss: must be in [0, 1]");
  // The core's own checks (core::Config::validate) surface the same way.
  o = serf_options("a");
  o.config.memberlist.encryption.keyring =
      std::make_shared<codec::Keyring>(codec::Keyring::create(Bytes(32, 7)).value());
  o.config.memberlist.encryption.verify_outgoing = false;
  EXPECT_EQ(start_error<SerfCluster>(o).rfind("invalid_argument: rumor::core: encryption.", 0), 0u)
      << start_error<SerfCluster>(o);
}

TEST(FacadeBoundary, ClusterRejectsOptionsThatCanNeverWorkNamingTheField) {
  auto o = loopback_options(fast_config(""));
  EXPECT_EQ(start_error<Cluster>(o), "invalid_argument: rumor::net: config.name is required");
  o = loopback_options(fast_config("a"));
  o.call_timeout = std::chrono::milliseconds(-5);
  EXPECT_EQ(start_error<Cluster>(o),
            "invalid_argument: rumor::net: call_timeout: must be positive");
  o = loopback_options(fast_config("a"));
  o.meta = Bytes(o.config.meta_max + 1, 'x');
  EXPECT_EQ(start_error<Cluster>(o), "invalid_argument: rumor::net: meta exceeds config.meta_max");
}

TEST(FacadeBoundary, ABoundPortIsASystemError) {
  auto first = SerfCluster::start(serf_options("a"));
  auto o = serf_options("b");
  o.transport.bind_port = first->address().port;
  EXPECT_EQ(start_error<SerfCluster>(o).rfind("system_error: ", 0), 0u);
}

TEST(FacadeBoundary, AQueryWithANegativeTimeoutIsRejectedBeforeSending) {
  auto c = SerfCluster::start(serf_options("a"));
  const auto clock_before = c->stats().query_time;
  serf::QueryParams negative;
  negative.timeout = std::chrono::seconds(-1);
  try {
    (void)c->query_collect("q", {}, negative);
    ADD_FAILURE() << "a negative timeout was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "rumor::net: timeout: must not be negative (0: the default)");
  }
  EXPECT_THROW((void)c->query("q", {}, negative, {}), std::invalid_argument);
  EXPECT_EQ(c->stats().query_time, clock_before);  // nothing went out
}

// Tag filters are the receivers' to compile (RE2 on a serf agent): one std::regex
// refuses still goes out, as Serf sends it, and matches nobody here.
TEST(FacadeBoundary, ATagFilterOurRegexCannotCompileStillGoesOutAndMatchesNobodyHere) {
  auto c = SerfCluster::start(serf_options("a"));
  serf::QueryParams re2_only;
  re2_only.filter_tags = {{"role", "(?i)web"}};
  re2_only.timeout = std::chrono::milliseconds(300);
  const auto r = c->query_collect("q", {}, re2_only);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->responses.empty());
}

TEST(FacadeBoundary, RefusalsThatDependOnStateAreSerfErrors) {
  auto c = SerfCluster::start(serf_options("a"));
  const auto big = c->user_event("e", Bytes(c->config().user_event_size_limit + 1, 'x'));
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error(), serf::SerfError::too_large);
  const auto unknown = c->respond(12345, {});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error(), serf::SerfError::unknown_query);
  const auto key = c->key_query(serf::KeyOp::install, "not base64!");
  ASSERT_FALSE(key);
  EXPECT_EQ(key.error(), serf::SerfError::bad_key);
  EXPECT_TRUE(c->leave(std::chrono::seconds(2)));
  const auto after = c->user_event("e", {});
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error(), serf::SerfError::bad_state);
}

TEST(FacadeBoundary, CallsAfterShutdownThrowCallError) {
  auto c = SerfCluster::start(serf_options("a"));
  c->shutdown();
  EXPECT_THROW((void)c->members(), CallError);
  auto k = Cluster::start(loopback_options(fast_config("k")));
  k->shutdown();
  EXPECT_THROW((void)k->members(), CallError);
}

TEST(FacadeBoundary, SeedsThatDoNotResolveAreListedNotFatal) {
  auto c = SerfCluster::start(serf_options("a"));
  std::vector<std::string> unresolved;
  EXPECT_EQ(c->join({"not a host:port:at all", ""}, true, &unresolved), 0u);
  EXPECT_EQ(unresolved.size(), 2u);
}

TEST(FacadeBoundary, ASubscriberThatThrowsDoesNotTakeTheProcessDown) {
  std::atomic<int> calls{0};
  auto o = serf_options("a");
  o.subscriber = [&](const SerfEvent&) {
    ++calls;
    throw std::runtime_error("user bug");
  };
  auto c = SerfCluster::start(std::move(o));
  EXPECT_TRUE(eventually([&] { return calls > 0; }, 5s, "the subscriber ran"));
  // The loop survived and counted it.
  EXPECT_TRUE(c->user_event("e", {}));
  EXPECT_TRUE(eventually([&] { return c->stats().net.handler_exceptions > 0; }, 5s,
                         "the exception counted"));
  EXPECT_EQ(c->members().size(), 1u);
}

}  // namespace
}  // namespace rumor::net
