#include "cli/go_flags.hpp"

namespace rumor::cli {

void GoFlags::value(const std::string& name, const std::string& help,
                    std::function<std::string(const std::string&)> set) {
  flags_[name] = Flag{help, false, std::move(set)};
}

void GoFlags::boolean(const std::string& name, const std::string& help, bool& target) {
  flags_[name] = Flag{help, true, [&target, name](const std::string& v) -> std::string {
                        if (v == "" || v == "true" || v == "1")
                          target = true;
                        else if (v == "false" || v == "0")
                          target = false;
                        else
                          return "-" + name + ": not a boolean: '" + v + "'";
                        return {};
                      }};
}

std::string GoFlags::parse(int argc, char** argv) {
  given_.clear();
  for (int i = 0; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.size() < 2 || arg[0] != '-') return "unexpected argument '" + arg + "'";
    std::string name = arg.substr(arg[1] == '-' ? 2 : 1);
    std::string val;
    bool has_val = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      val = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_val = true;
    }
    if (name == "h" || name == "help") {
      help_ = true;
      return {};
    }
    auto it = flags_.find(name);
    if (it == flags_.end()) return "unknown flag -" + name;
    given_.insert(name);
    if (!has_val && !it->second.is_bool) {
      if (i + 1 >= argc) return "-" + name + ": needs a value";
      val = argv[++i];
    }
    if (auto err = it->second.set(val); !err.empty()) return err;
  }
  return {};
}

std::string GoFlags::usage() const {
  std::string out;
  for (const auto& [name, f] : flags_)
    out += "  -" + name + (f.is_bool ? "" : "=...") + "\n      " + f.help + "\n";
  return out;
}

}  // namespace rumor::cli
