#include "agent/event_script.hpp"

#include <cctype>

namespace rumor::agent {

namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = s.find(sep, start);
    out.push_back(
        s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}

// Serf: env names must be [A-Z0-9_]; every other character becomes '_'.
std::string env_name(std::string_view tag) {
  std::string out;
  for (char c : tag) {
    const char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    out += (std::isalnum(static_cast<unsigned char>(u)) &&
            !std::islower(static_cast<unsigned char>(u))) ||
                   u == '_'
               ? u
               : '_';
  }
  return out;
}

std::string clean(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\t')
      out += "\\t";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

}  // namespace

bool EventFilter::valid() const {
  return event == "*" || parse_event_type(event).has_value();
}

bool EventFilter::matches(const Event& e) const {
  if (event == "*") return true;
  if (event != to_string(e.type)) return false;
  if ((e.type == EventType::user || e.type == EventType::query) && !name.empty())
    return name == e.name;
  return true;
}

std::vector<EventFilter> parse_event_filter(std::string_view spec) {
  if (spec.empty()) spec = "*";
  std::vector<EventFilter> out;
  for (std::string_view ev : split(spec, ',')) {
    EventFilter f;
    if (ev.starts_with("user:")) {
      f.event = "user";
      f.name = std::string(ev.substr(5));
    } else if (ev.starts_with("query:")) {
      f.event = "query";
      f.name = std::string(ev.substr(6));
    } else {
      f.event = std::string(ev);
    }
    out.push_back(std::move(f));
  }
  return out;
}

std::string parse_event_script(std::string_view spec, std::vector<EventScript>& out) {
  std::string_view filter, script = spec;
  if (const auto eq = spec.find('='); eq != std::string_view::npos) {
    filter = spec.substr(0, eq);
    script = spec.substr(eq + 1);
  }
  if (script.empty()) return "event handler '" + std::string(spec) + "' has no script";
  for (EventFilter& f : parse_event_filter(filter)) {
    if (!f.valid()) return "invalid event filter '" + f.event + "' in '" + std::string(spec) + "'";
    out.push_back(EventScript{std::move(f), std::string(script)});
  }
  return {};
}

std::vector<std::string> handler_env(const Event& e, const SelfInfo& self) {
  std::vector<std::string> env;
  auto both = [&](const std::string& key, const std::string& value) {
    env.push_back("SERF_" + key + "=" + value);
    env.push_back("RUMOR_" + key + "=" + value);
  };
  both("EVENT", to_string(e.type));
  both("SELF_NAME", self.name);
  const auto role = self.tags.find("role");
  both("SELF_ROLE", role == self.tags.end() ? "" : role->second);
  for (const auto& [k, v] : self.tags) both("TAG_" + env_name(k), v);
  if (e.type == EventType::user) {
    both("USER_EVENT", e.name);
    both("USER_LTIME", std::to_string(e.ltime));
  } else if (e.type == EventType::query) {
    both("QUERY_NAME", e.name);
    both("QUERY_LTIME", std::to_string(e.ltime));
  }
  return env;
}

std::string handler_stdin(const Event& e) {
  std::string out;
  if (e.type == EventType::user || e.type == EventType::query) {
    out.assign(e.payload.begin(), e.payload.end());
    if (!out.empty() && out.back() != '\n') out += '\n';
    return out;
  }
  for (const MemberInfo& m : e.members) {
    std::string tags;
    for (const auto& [k, v] : m.tags) {
      if (!tags.empty()) tags += ',';
      tags += k + "=" + v;
    }
    const auto role = m.tags.find("role");
    out += clean(m.name) + "\t" + m.addr + "\t" + clean(role == m.tags.end() ? "" : role->second) +
           "\t" + clean(tags) + "\n";
  }
  return out;
}

}  // namespace rumor::agent
