#include "net/options_check.hpp"

#include <stdexcept>
#include <string>

namespace rumor::net {
namespace {

[[noreturn]] void reject(const std::string& field, const std::string& why) {
  throw std::invalid_argument("rumor::net: " + field + ": " + why);
}

void check_common(std::chrono::milliseconds call_timeout, const TransportOptions& t) {
  if (call_timeout.count() <= 0) reject("call_timeout", "must be positive");
  if (!(t.inject_inbound_loss >= 0 && t.inject_inbound_loss <= 1))
    reject("transport.inject_inbound_loss", "must be in [0, 1]");
  if (t.max_inbound_streams == 0) reject("transport.max_inbound_streams", "must be at least 1");
}

void check_coalescing(const SerfClusterOptions::Coalescing& c, const char* field) {
  if (c.period.count() < 0 || c.quiescent.count() < 0)
    reject(field, "periods must not be negative");
}

}  // namespace

void check_options(const ClusterOptions& opt) {
  check_common(opt.call_timeout, opt.transport);
}

void check_options(const SerfClusterOptions& opt) {
  check_common(opt.call_timeout, opt.transport);
  check_coalescing(opt.member_coalescing, "member_coalescing");
  check_coalescing(opt.user_coalescing, "user_coalescing");
}

void check_query(const serf::QueryParams& params) {
  if (params.timeout.count() < 0) reject("timeout", "must not be negative (0: the default)");
  // Tag filters are not compiled here: each receiver matches them, with its own grammar
  // (Go's RE2 on a serf agent, ECMAScript on ours: serf/filters.cpp), and one it cannot
  // compile matches nothing there, as in Serf. Refusing here what std::regex refuses
  // would refuse RE2-only expressions a mixed cluster's serf agents would answer.
}

}  // namespace rumor::net
