// The facades' argument checks: what can never be valid is refused up front with
// std::invalid_argument("rumor::net: <field>: <why>"), the one way docs/api.md documents
// for a bad argument, rather than failing later on the loop thread.
#pragma once

#include "net/cluster.hpp"
#include "net/serf_cluster.hpp"
#include "serf/query_params.hpp"

namespace rumor::net {

void check_options(const ClusterOptions& opt);
void check_options(const SerfClusterOptions& opt);
void check_query(const serf::QueryParams& params);

}  // namespace rumor::net
