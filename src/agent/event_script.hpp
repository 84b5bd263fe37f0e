// Event handler scripts as Serf configures them: "filter=script", where the filter is a
// comma-separated list of event types ("member-join", "user:deploy", "query:uptime",
// "*"), and what a handler receives: Serf's environment (SERF_EVENT, SERF_SELF_NAME,
// SERF_TAG_*, SERF_USER_EVENT, ...) with RUMOR_* twins, and its stdin.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "agent/event.hpp"

namespace rumor::agent {

struct EventFilter {
  std::string event;  // an event type name or "*"
  std::string name;   // user event or query name; empty matches any

  bool valid() const;
  bool matches(const Event& e) const;
};

// "user:deploy,member-join" -> two filters; "" -> "*".
std::vector<EventFilter> parse_event_filter(std::string_view spec);

struct EventScript {
  EventFilter filter;
  std::string script;  // run with /bin/sh -c
};

// "member-join,user:deploy=/bin/handler" or just "/bin/handler" (every event). Returns an
// error message naming the bad filter, or empty on success.
std::string parse_event_script(std::string_view spec, std::vector<EventScript>& out);

// The agent's own member, as handlers see it.
struct SelfInfo {
  std::string name;
  Tags tags;
};

// Environment additions for a handler (the process also inherits the agent's own).
std::vector<std::string> handler_env(const Event& e, const SelfInfo& self);

// What a handler reads on stdin: for member events one line per member,
// "name\taddr\trole\ttag=v,...\n" (tabs and newlines in values escaped, as Serf does);
// for user events and queries the payload, with a newline appended if missing.
std::string handler_stdin(const Event& e);

}  // namespace rumor::agent
