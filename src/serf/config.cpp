// Derived Serf settings; see config.hpp.
#include "serf/config.hpp"

#include <cmath>

namespace rumor::serf {

Duration Config::default_query_timeout(std::size_t num_members) const {
  const double scale = std::ceil(std::log10(static_cast<double>(num_members) + 1.0));
  return memberlist.gossip_interval * query_timeout_mult * static_cast<int>(scale);
}

}  // namespace rumor::serf
