#include "agent/config_file.hpp"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>

#include "agent/duration.hpp"
#include "agent/event_script.hpp"
#include "agent/log.hpp"
#include "files/atomic_file.hpp"

namespace rumor::agent {

using files::read_whole_file;
using files::write_file_atomically;

namespace {

using nlohmann::json;
// A setter for one key: returns what is wrong with the value, or empty.
using Setter = std::function<std::string(const json&, AgentConfig&)>;

Setter string_key(std::string AgentConfig::*field) {
  return [field](const json& v, AgentConfig& c) -> std::string {
    if (!v.is_string()) return "expected a string";
    c.*field = v.get<std::string>();
    return {};
  };
}

Setter bool_key(bool AgentConfig::*field) {
  return [field](const json& v, AgentConfig& c) -> std::string {
    if (!v.is_boolean()) return "expected true or false";
    c.*field = v.get<bool>();
    return {};
  };
}

Setter list_key(std::vector<std::string> AgentConfig::*field) {
  return [field](const json& v, AgentConfig& c) -> std::string {
    if (!v.is_array()) return "expected a list of strings";
    for (const auto& e : v) {
      if (!e.is_string()) return "expected a list of strings";
      (c.*field).push_back(e.get<std::string>());
    }
    return {};
  };
}

Setter duration_key(std::chrono::milliseconds AgentConfig::*field) {
  return [field](const json& v, AgentConfig& c) -> std::string {
    if (!v.is_string()) return "expected a duration string such as \"30s\"";
    const auto d = parse_duration(v.get<std::string>());
    if (!d || d->count() < 0) return "not a duration: '" + v.get<std::string>() + "'";
    c.*field = *d;
    return {};
  };
}

Setter size_key(std::size_t AgentConfig::*field) {
  return [field](const json& v, AgentConfig& c) -> std::string {
    if (!v.is_number_unsigned() || v.get<std::uint64_t>() == 0)
      return "expected a positive integer";
    c.*field = v.get<std::size_t>();
    return {};
  };
}

std::string set_tags(const json& v, Tags& out) {
  if (!v.is_object()) return "expected an object of strings";
  for (const auto& [k, val] : v.items()) {
    if (!val.is_string()) return "tag '" + k + "': expected a string";
    out[k] = val.get<std::string>();
  }
  return {};
}

const std::map<std::string, Setter, std::less<>>& setters() {
  static const std::map<std::string, Setter, std::less<>> table = {
      {"node_name", string_key(&AgentConfig::node_name)},
      {"bind", string_key(&AgentConfig::bind)},
      {"advertise", string_key(&AgentConfig::advertise)},
      {"start_join", list_key(&AgentConfig::join)},
      {"join", list_key(&AgentConfig::join)},
      {"retry_join", list_key(&AgentConfig::retry_join)},
      {"retry_interval", duration_key(&AgentConfig::retry_interval)},
      {"retry_max",
       [](const json& v, AgentConfig& c) -> std::string {
         if (!v.is_number_integer() || v.get<long long>() < 0)
           return "expected a non-negative integer";
         c.retry_max = v.get<int>();
         return {};
       }},
      {"replay_on_join", bool_key(&AgentConfig::replay)},
      {"tags", [](const json& v, AgentConfig& c) { return set_tags(v, c.tags); }},
      {"role",  // Serf's deprecated role: the "role" tag
       [](const json& v, AgentConfig& c) -> std::string {
         if (!v.is_string()) return "expected a string";
         c.tags["role"] = v.get<std::string>();
         return {};
       }},
      {"tags_file", string_key(&AgentConfig::tags_file)},
      {"eager_gossip", bool_key(&AgentConfig::eager_gossip)},
      {"profile",
       [](const json& v, AgentConfig& c) -> std::string {
         if (!v.is_string()) return "expected a string";
         const auto p = core::parse_profile(v.get<std::string>());
         if (!p)
           return "unknown profile '" + v.get<std::string>() + "' (lan, wan, local, lan-fast)";
         c.profile = *p;
         return {};
       }},
      {"event_handlers",
       [](const json& v, AgentConfig& c) -> std::string {
         if (!v.is_array()) return "expected a list of strings";
         for (const auto& e : v) {
           if (!e.is_string()) return "expected a list of strings";
           std::vector<EventScript> check;
           if (auto err = parse_event_script(e.get<std::string>(), check); !err.empty()) return err;
           c.event_handlers.push_back(e.get<std::string>());
         }
         return {};
       }},
      {"rpc_addr", string_key(&AgentConfig::rpc_addr)},
      {"rpc_auth", string_key(&AgentConfig::rpc_auth)},
      {"log_level",
       [](const json& v, AgentConfig& c) -> std::string {
         if (!v.is_string() || !parse_log_level(v.get<std::string>()))
           return "expected one of trace, debug, info, warn, err";
         c.log_level = v.get<std::string>();
         return {};
       }},
      {"snapshot_path", string_key(&AgentConfig::snapshot_path)},
      {"http_addr", string_key(&AgentConfig::http_addr)},  // rumor's own keys
      {"http_token", string_key(&AgentConfig::http_token)},
      {"rejoin_after_leave", bool_key(&AgentConfig::rejoin_after_leave)},
      {"encrypt_key", string_key(&AgentConfig::encrypt_key)},
      {"keyring_file", string_key(&AgentConfig::keyring_file)},
      {"leave_on_terminate", bool_key(&AgentConfig::leave_on_terminate)},
      {"skip_leave_on_interrupt", bool_key(&AgentConfig::skip_leave_on_interrupt)},
      {"reconnect_interval", duration_key(&AgentConfig::reconnect_interval)},
      {"reconnect_timeout", duration_key(&AgentConfig::reconnect_timeout)},
      {"tombstone_timeout", duration_key(&AgentConfig::tombstone_timeout)},
      {"query_response_size_limit", size_key(&AgentConfig::query_response_size_limit)},
      {"query_size_limit", size_key(&AgentConfig::query_size_limit)},
      {"user_event_size_limit", size_key(&AgentConfig::user_event_size_limit)},
  };
  return table;
}

std::string load_one_file(const std::string& path, AgentConfig& cfg) {
  std::string err;
  const std::string text = read_whole_file(path, err);
  if (!err.empty()) return err;
  return apply_config_text(text, path, cfg);
}

}  // namespace

std::string apply_config_text(std::string_view json_text, const std::string& source,
                              AgentConfig& cfg) {
  json j;
  try {
    j = json::parse(json_text);
  } catch (const json::parse_error& e) {
    return source + ": not valid JSON: " + e.what();
  }
  if (!j.is_object()) return source + ": expected a JSON object at the top level";
  for (const auto& [key, value] : j.items()) {
    const auto it = setters().find(key);
    if (it == setters().end()) return source + ": unknown key '" + key + "'";
    if (auto err = it->second(value, cfg); !err.empty())
      return source + ": key '" + key + "': " + err;
  }
  return {};
}

std::string load_config_paths(const std::vector<std::string>& paths, AgentConfig& cfg) {
  namespace fs = std::filesystem;
  for (const auto& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> files;
      for (const auto& entry : fs::directory_iterator(path, ec))
        if (entry.path().extension() == ".json" && !entry.is_directory())
          files.push_back(entry.path().string());
      if (ec) return path + ": " + ec.message();
      std::sort(files.begin(), files.end());
      for (const auto& f : files)
        if (auto err = load_one_file(f, cfg); !err.empty()) return err;
    } else if (auto err = load_one_file(path, cfg); !err.empty()) {
      return err;
    }
  }
  return {};
}

std::string read_tags_file(const std::string& path, Tags& out) {
  std::string err;
  const std::string text = read_whole_file(path, err);
  if (!err.empty()) return err;
  try {
    const json j = json::parse(text);
    Tags tags;
    if (auto e = set_tags(j, tags); !e.empty()) return path + ": " + e;
    out = std::move(tags);
  } catch (const json::parse_error& e) {
    return path + ": not valid JSON: " + e.what();
  }
  return {};
}

std::string write_tags_file(const std::string& path, const Tags& tags) {
  return write_file_atomically(path, json(tags).dump(2) + "\n");
}

void apply_dev_defaults(AgentConfig& cfg) {
  if (cfg.node_name.empty()) cfg.node_name = "dev";
  cfg.bind = "127.0.0.1:7946";
  cfg.rpc_addr = "127.0.0.1:7373";
  cfg.profile = core::Profile::local;
  cfg.log_level = "debug";
  cfg.http_addr = "127.0.0.1:7380";
}

}  // namespace rumor::agent
