// Who a query asks and how it is answered: Serf's QueryParam. Its own header so the
// public facade (net::SerfCluster) can take it without the Serf machine's header.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include <rumor/export.hpp>

RUMOR_PUBLIC_BEGIN
namespace rumor::serf {

struct QueryParams {
  std::vector<std::string> filter_nodes;
  // tag name -> regular expression; Go keeps a map (random order), we keep the given order.
  std::vector<std::pair<std::string, std::string>> filter_tags;
  bool request_ack = false;
  std::uint8_t relay_factor = 0;
  core::Duration timeout{0};  // 0: Config::default_query_timeout
};

}  // namespace rumor::serf
RUMOR_PUBLIC_END
