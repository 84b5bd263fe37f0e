// Push-sum (Kempe, Dobra and Gehrke 2003): every live node i holds a sum s_i and a weight
// w_i. Each round it keeps a share of both and sends an equal share to each of `fanout`
// nodes chosen at random (Kempe's algorithm: fanout 1, half kept, half sent); a node's
// estimate is s_i / w_i. Mass is conserved, so the estimates converge to
//   average: s_i = x_i, w_i = 1            -> the mean of the x_i
//   sum:     s_i = x_i, w_i = 1 at one node -> the sum of the x_i
//   count:   s_i = 1,   w_i = 1 at one node -> the number of live nodes
// A message to a crashed node, or a lost one, takes its share of mass with it, so loss
// and failures bias the result (push-sum assumes reliable delivery). A share refused by a
// connection limit stays with the sender. A node whose weight is still 0 has no estimate;
// its relative error counts as 1.
#pragma once

#include <cstdint>

#include "lab/params.hpp"
#include "lab/results.hpp"

namespace rumor::lab {

PushSumRun run_push_sum(const Params& p, std::uint64_t seed);

}  // namespace rumor::lab
