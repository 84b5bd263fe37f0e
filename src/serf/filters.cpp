// Query filter encoding and matching; see filters.hpp.
#include "serf/filters.hpp"

#include <algorithm>
#include <regex>

#include "codec/msgpack.hpp"

namespace rumor::serf {

Bytes encode_filter(const Filter& f) {
  Bytes out;
  if (const auto* nodes = std::get_if<NodeFilter>(&f)) {
    out.push_back(static_cast<std::uint8_t>(FilterType::node));
    codec::msgpack::Writer w(out);
    w.write_array_header(static_cast<std::uint32_t>(nodes->names.size()));
    for (const std::string& n : nodes->names) w.write_string(n);
  } else {
    const auto& tag = std::get<TagFilter>(f);
    out.push_back(static_cast<std::uint8_t>(FilterType::tag));
    codec::msgpack::Writer w(out);
    w.write_map_header(2);
    w.write_string("Expr");
    w.write_string(tag.expr);
    w.write_string("Tag");
    w.write_string(tag.tag);
  }
  return out;
}

codec::Result<Filter> decode_filter(ByteView raw) {
  if (raw.empty()) return codec::Error::truncated;
  codec::msgpack::Reader r(raw.subspan(1));
  switch (static_cast<FilterType>(raw[0])) {
    case FilterType::node: {
      NodeFilter f;
      auto n = r.read_array_header();
      if (!n) return n.error();
      for (std::uint32_t i = 0; i < *n; ++i) {
        std::string name;
        if (auto st = r.read_into(name); !st) return st.error();
        f.names.push_back(std::move(name));
      }
      return Filter{std::move(f)};
    }
    case FilterType::tag: {
      TagFilter f;
      auto st = r.read_struct([&](std::string_view k) -> codec::Status {
        if (k == "Tag") return r.read_into(f.tag);
        if (k == "Expr") return r.read_into(f.expr);
        return r.skip();
      });
      if (!st) return st.error();
      return Filter{std::move(f)};
    }
  }
  return codec::Error::bad_value;
}

bool should_process(const std::vector<Bytes>& filters, std::string_view node_name,
                    const Tags& tags) {
  for (const Bytes& raw : filters) {
    auto f = decode_filter(raw);
    if (!f) return false;
    if (const auto* nodes = std::get_if<NodeFilter>(&*f)) {
      if (std::find(nodes->names.begin(), nodes->names.end(), node_name) == nodes->names.end())
        return false;
      continue;
    }
    const auto& tag = std::get<TagFilter>(*f);
    auto it = tags.find(tag.tag);
    const std::string value = it == tags.end() ? std::string() : it->second;
    try {
      const std::regex re(tag.expr, std::regex::ECMAScript);
      if (!std::regex_search(value, re)) return false;
    } catch (const std::regex_error&) {
      return false;
    }
  }
  return true;
}

}  // namespace rumor::serf
