// Agent configuration files in Serf's format: JSON objects with Serf's key names.
// A path is a file, or a directory whose *.json files are read in lexical order.
// Later files override earlier ones key by key; lists (start_join, retry_join,
// event_handlers) append and tags merge, as Serf merges configs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "agent/agent_config.hpp"

namespace rumor::agent {

// Every error names the file and the key: "a.json: key 'retry_max': expected an integer".
// On error `cfg` may be partly updated; the caller starts nothing.
std::string load_config_paths(const std::vector<std::string>& paths, AgentConfig& cfg);
std::string apply_config_text(std::string_view json_text, const std::string& source,
                              AgentConfig& cfg);

// `rumor agent -dev`: one node on loopback, quick local timings, debug logs. Applied
// before config files and flags, which may still change any of it.
void apply_dev_defaults(AgentConfig& cfg);

// A tags file: a JSON object of string values.
std::string read_tags_file(const std::string& path, Tags& out);
std::string write_tags_file(const std::string& path, const Tags& tags);

}  // namespace rumor::agent
