// Query filters (spec section 9): each is [filter type][msgpack]. Node filter (type 0):
// a list of names; tag filter (type 1): {Expr, Tag}, a regular expression searched (not
// anchored, as Go's regexp.MatchString) in the value of one of our tags.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "codec/bytes.hpp"
#include "codec/result.hpp"
#include "serf/tags.hpp"

namespace rumor::serf {

enum class FilterType : std::uint8_t { node = 0, tag = 1 };

struct NodeFilter {
  std::vector<std::string> names;
  friend bool operator==(const NodeFilter&, const NodeFilter&) = default;
};
struct TagFilter {
  std::string tag;
  std::string expr;
  friend bool operator==(const TagFilter&, const TagFilter&) = default;
};
using Filter = std::variant<NodeFilter, TagFilter>;

Bytes encode_filter(const Filter& f);
codec::Result<Filter> decode_filter(ByteView raw);

// Serf's shouldProcessQuery: every filter must pass. A filter that does not decode, an
// unknown filter type or a regex that does not compile make the query not for us.
// Departure: std::regex (ECMAScript) stands in for Go's RE2 syntax; the common subset
// (literals, classes, anchors, alternation, repetition) behaves the same.
bool should_process(const std::vector<Bytes>& filters, std::string_view node_name,
                    const Tags& tags);

}  // namespace rumor::serf
