// Serf's types as the agent's own (event.hpp): a member as handlers, streams and the
// HTTP API see it, a member event's kind, and a refusal's text. Pure.
#pragma once

#include <string>

#include "agent/event.hpp"
#include "serf/errors.hpp"
#include "serf/events.hpp"

namespace rumor::agent {

MemberInfo member_info(const serf::Member& m);
EventType event_type(serf::MemberEventType t) noexcept;
// "serf: <reason>", as the RPC protocol reports a refused call.
std::string error_text(serf::SerfError e);

}  // namespace rumor::agent
