// Go-style command-line flags as Serf's agent takes them: "-name value", "-name=value",
// "--name=value", booleans as "-name" or "-name=false", repeatable flags collected in
// order. Errors name the flag.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace rumor::cli {

class GoFlags {
 public:
  void value(const std::string& name, const std::string& help,
             std::function<std::string(const std::string&)> set);
  void boolean(const std::string& name, const std::string& help, bool& target);
  // Returns an error message, or empty. "-h" / "-help" sets help_requested().
  std::string parse(int argc, char** argv);
  bool help_requested() const { return help_; }
  // The flags the last parse() saw, by name.
  const std::set<std::string>& given() const { return given_; }
  std::string usage() const;

 private:
  struct Flag {
    std::string help;
    bool is_bool = false;
    std::function<std::string(const std::string&)> set;
  };
  std::map<std::string, Flag> flags_;
  std::set<std::string> given_;
  bool help_ = false;
};

}  // namespace rumor::cli
