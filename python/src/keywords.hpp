// Reading a run's keyword arguments (rumor.sim.broadcast(nodes=200, loss=0.01)) into C++
// fields, each checked for its type: a str where a number belongs is a TypeError naming
// the keyword; a value out of range is left to the run's own checks (runs/), which name
// it as the CLI flag. A keyword nobody read is a TypeError, as Python's own functions say.
#pragma once

#include <pybind11/pybind11.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>

namespace rumor::python {

class Keywords {
 public:
  Keywords(const pybind11::kwargs& kwargs, std::string function);

  // Each reader sets `out` when the keyword was given (leaving the default otherwise).
  void count(const char* name, std::size_t& out);  // an int >= 0
  void count(const char* name, std::uint32_t& out);
  void count(const char* name, std::optional<std::size_t>& out);  // None: not given
  void seed(const char* name, std::uint64_t& out);                // an int >= 0
  void integer(const char* name, int& out);
  void integer(const char* name, std::optional<int>& out);  // None: not given
  void real(const char* name, double& out);                 // an int or a float
  void real(const char* name, std::optional<double>& out);  // None: not given
  void text(const char* name, std::string& out);
  void flag(const char* name, bool& out);  // a bool
  // A bool, or the words "on" / "off" (the CLI's --lifeguard).
  void on_off(const char* name, std::string& out);
  // TypeError for a keyword none of the readers took.
  void finish() const;

 private:
  pybind11::handle take(const char* name);
  [[noreturn]] void type_error(const char* name, const char* expected, pybind11::handle got) const;
  std::int64_t whole(const char* name, pybind11::handle v) const;
  double number(const char* name, pybind11::handle v) const;

  const pybind11::kwargs& kwargs_;
  std::string function_;
  std::set<std::string> taken_;
};

}  // namespace rumor::python
