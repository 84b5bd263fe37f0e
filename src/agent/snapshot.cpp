#include "agent/snapshot.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "files/atomic_file.hpp"

namespace rumor::agent {

using files::read_whole_file;
using files::write_file_atomically;

namespace {
using nlohmann::json;
constexpr int kVersion = 1;
}  // namespace

std::string encode_snapshot(const Snapshot& s) {
  json alive = json::array();
  for (const auto& m : s.alive) alive.push_back({{"name", m.name}, {"addr", m.addr}});
  const json j = {{"version", kVersion},
                  {"member_clock", s.member_clock},
                  {"event_clock", s.event_clock},
                  {"query_clock", s.query_clock},
                  {"left", s.left},
                  {"alive", alive}};
  return j.dump(1) + "\n";
}

std::string decode_snapshot(std::string_view text, Snapshot& out) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return "not a JSON object";
  if (j.value("version", 0) != kVersion) return "unknown snapshot version";
  Snapshot s;
  try {
    s.member_clock = j.at("member_clock").get<std::uint64_t>();
    s.event_clock = j.at("event_clock").get<std::uint64_t>();
    s.query_clock = j.at("query_clock").get<std::uint64_t>();
    s.left = j.at("left").get<bool>();
    for (const auto& m : j.at("alive"))
      s.alive.push_back({m.at("name").get<std::string>(), m.at("addr").get<std::string>()});
  } catch (const json::exception& e) {
    return std::string("bad field: ") + e.what();
  }
  out = std::move(s);
  return {};
}

std::string write_snapshot(const std::string& path, const Snapshot& s) {
  return write_file_atomically(path, encode_snapshot(s));
}

std::string read_snapshot(const std::string& path, Snapshot& out, bool& found) {
  files::remove_stale_temporaries(path);  // left by an agent killed mid-write
  std::error_code ec;
  found = std::filesystem::exists(path, ec);
  if (!found) return {};
  std::string err;
  const std::string text = read_whole_file(path, err);
  if (!err.empty()) return err;
  if (auto e = decode_snapshot(text, out); !e.empty()) return path + ": " + e;
  return {};
}

}  // namespace rumor::agent
